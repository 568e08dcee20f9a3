package dev.seccompsync.diff;

import dev.seccompsync.manifest.Problem;
import java.util.List;
import java.util.Map;

/**
 * Everything one run found: the commit it read, the cluster it compared with, a result per object
 * and the problems with the input.
 *
 * @param command the command that ran ({@code diff}, {@code apply}, {@code drift})
 * @param revision the commit id
 * @param server the API server URL
 * @param generation the cluster's SPO generation
 * @param objects one result per object, in a stable order
 * @param problems input problems: broken files, skipped kinds, duplicates
 * @param requests API requests sent, by verb
 * @param dryRun whether nothing was written because the run was a dry run
 */
public record RunResult(
    String command,
    String revision,
    String server,
    String generation,
    List<ObjectResult> objects,
    List<Problem> problems,
    Map<String, Long> requests,
    boolean dryRun) {

  /** The same result without the drift findings of the given categories. */
  public RunResult without(java.util.Set<DriftCategory> ignored) {
    var kept =
        objects.stream()
            .filter(o -> o.category() == null || !ignored.contains(o.category()))
            .toList();
    return new RunResult(command, revision, server, generation, kept, problems, requests, dryRun);
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(Problem::isError)
        || objects.stream().anyMatch(o -> o.action() == Action.FAILED);
  }

  public boolean hasChanges() {
    return objects.stream().anyMatch(o -> o.action() != null && o.action().isChange());
  }

  public boolean hasDrift() {
    return objects.stream().anyMatch(o -> o.category() != null);
  }
}

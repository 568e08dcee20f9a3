package dev.seccompsync.cli;

import dev.seccompsync.SeccompSyncException;
import dev.seccompsync.diff.DriftAnalysis;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.promote.PullRequest;
import dev.seccompsync.promote.PullRequestHost;
import dev.seccompsync.promote.Recording;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells drift which recorded profiles already wait in a pull request: the open pull request of the
 * recording's promotion branch, looked up when a hosting service is named (by flags, or by the
 * {@code --repo} URL's host) and a token is at hand. Without one, recorded profiles stay promotion
 * candidates; a failed lookup is a warning, not a failed drift report.
 */
final class PromotionLookup {
  private static final Logger log = LoggerFactory.getLogger(PromotionLookup.class);

  private final HostingMixin hosting;
  private final String repository;
  private final String base;

  /**
   * @param base the branch pull requests go into: {@code --revision}, else {@code main}
   */
  PromotionLookup(HostingMixin hosting, String repository, String base) {
    this.hosting = hosting;
    this.repository = repository;
    this.base = base == null ? "main" : base;
  }

  RunResult annotate(RunResult result) {
    var recordings =
        result.objects().stream()
            .map(DriftAnalysis::recordingOf)
            .filter(java.util.Objects::nonNull)
            .distinct()
            .toList();
    if (recordings.isEmpty()) {
      return result;
    }
    PullRequestHost host;
    try {
      host =
          hosting.given()
              ? hosting.host(repository, System.getenv())
              : quietly(() -> hosting.hostIfNamed(repository, System.getenv()));
    } catch (SeccompSyncException e) {
      log.warn("drift: pull requests of recorded profiles not looked up: {}", e.getMessage());
      return result;
    }
    if (host == null) {
      return result;
    }
    var open = new HashMap<String, Optional<PullRequest>>();
    try {
      for (var recording : recordings) {
        open.put(recording, host.findOpen(Recording.branchOf(recording), base));
      }
    } catch (SeccompSyncException e) {
      log.warn("drift: pull requests of recorded profiles not looked up: {}", e.getMessage());
      return result;
    }
    return with(result, open);
  }

  /** The host, or {@code null} when no flag asks for one and no token is set. */
  private static PullRequestHost quietly(java.util.function.Supplier<PullRequestHost> host) {
    try {
      return host.get();
    } catch (dev.seccompsync.promote.HostingException e) {
      log.debug("drift: no pull request lookup: {}", e.getMessage());
      return null;
    }
  }

  private static RunResult with(RunResult result, Map<String, Optional<PullRequest>> open) {
    var objects = new ArrayList<ObjectResult>();
    for (var object : result.objects()) {
      var recording = DriftAnalysis.recordingOf(object);
      var pr = recording == null ? Optional.<PullRequest>empty() : open.get(recording);
      if (pr != null && pr.isPresent()) {
        objects.add(
            object.withCategory(
                object.category(),
                "not in Git, promoted in PR #%d (open) from recording %s: %s"
                    .formatted(pr.get().number(), recording, pr.get().url())));
      } else {
        objects.add(object);
      }
    }
    return new RunResult(
        result.command(),
        result.revision(),
        result.server(),
        result.generation(),
        objects,
        result.problems(),
        result.requests(),
        result.dryRun());
  }
}

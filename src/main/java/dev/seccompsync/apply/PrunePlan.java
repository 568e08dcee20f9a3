package dev.seccompsync.apply;

import java.util.List;

/**
 * What prune found.
 *
 * @param candidates the inventory's members that left Git, each with its decision
 * @param members how many members the inventory has in the cluster
 * @param refusal why the whole prune was refused (a mass prune), or {@code null}
 */
public record PrunePlan(List<PruneCandidate> candidates, int members, String refusal) {

  /**
   * The same plan, keeping the candidates whose Git file had a problem in this run (a link not
   * followed, a raw profile not converted, a file not read): such an object may still be in Git.
   *
   * @param problemsByPath one problem message per file path
   */
  public PrunePlan keepingFilesWithProblems(java.util.Map<String, String> problemsByPath) {
    var kept =
        candidates.stream()
            .map(
                c ->
                    c.decision() == PruneCandidate.Decision.DELETE
                            && c.source() != null
                            && problemsByPath.containsKey(c.source())
                        ? c.kept(
                            "not pruned: its file %s was not read in full (%s)"
                                .formatted(c.source(), problemsByPath.get(c.source())))
                        : c)
            .toList();
    return new PrunePlan(kept, members, refusal);
  }

  /** The same plan refused as a whole: nothing is deleted, for the reason given. */
  public PrunePlan refused(String reason) {
    var kept =
        candidates.stream()
            .map(
                c ->
                    c.decision() == PruneCandidate.Decision.DELETE
                        ? c.kept("not pruned: " + reason.replaceFirst("^prune refused: ", ""))
                        : c)
            .toList();
    return new PrunePlan(kept, members, reason);
  }
}

package dev.seccompsync.apply;

import dev.seccompsync.cluster.KindInfo;
import dev.seccompsync.manifest.ObjectId;
import tools.jackson.databind.node.ObjectNode;

/**
 * A member of the inventory that is no longer in Git, and what prune decided for it.
 *
 * @param id the object
 * @param info what the cluster serves for its kind
 * @param live the object as listed
 * @param decision delete it, keep it, or wait for a deletion already under way
 * @param reason why it is kept, or {@code null}
 */
public record PruneCandidate(
    ObjectId id, KindInfo info, ObjectNode live, Decision decision, String reason) {

  /** What prune does with a candidate. */
  public enum Decision {
    DELETE,
    KEEP,
    /** Already being deleted (it has a deletionTimestamp): no second DELETE. */
    TERMINATING
  }

  public String uid() {
    return live.path("metadata").path("uid").asString();
  }

  public String source() {
    var source =
        live.path("metadata")
            .path("annotations")
            .path(dev.seccompsync.diff.Ownership.SOURCE_ANNOTATION);
    return source.isString() ? source.asString() : null;
  }

  PruneCandidate kept(String why) {
    return new PruneCandidate(id, info, live, Decision.KEEP, why);
  }
}

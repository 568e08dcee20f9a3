package dev.seccompsync.diff;

import dev.seccompsync.cluster.FieldConflict;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the planner decided for one Git object, and what apply needs to carry it out.
 *
 * @param desired the Git object
 * @param live the live object at the manifest's version, or {@code null} when it is missing
 * @param result the predicted outcome, reported by {@code diff}
 * @param conflicts fields other managers own that the apply would change; apply refuses them unless
 *     forced
 * @param takeOver whether apply must first move kubectl's fields to seccomp-sync
 * @param forceSafe whether the only conflicts are with managers seccomp-sync takes over
 */
public record ObjectPlan(
    DesiredObject desired,
    ObjectNode live,
    ObjectResult result,
    List<FieldConflict> conflicts,
    boolean takeOver,
    boolean forceSafe) {

  public ObjectPlan withResult(ObjectResult newResult) {
    return new ObjectPlan(desired, live, newResult, conflicts, takeOver, forceSafe);
  }

  public Action action() {
    return result.action();
  }

  /** Whether apply has something to send for this object. */
  public boolean needsApply() {
    return action() == Action.CREATED || action() == Action.CONFIGURED;
  }
}

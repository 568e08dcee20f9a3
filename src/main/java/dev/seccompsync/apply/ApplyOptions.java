package dev.seccompsync.apply;

/**
 * How apply writes.
 *
 * @param forceConflicts whether fields other managers own are taken over
 * @param concurrency the most apply requests in flight
 */
public record ApplyOptions(boolean forceConflicts, int concurrency) {

  /** The apply that a plan made with these options describes. */
  public static ApplyOptions of(dev.seccompsync.diff.PlanOptions plan) {
    return new ApplyOptions(plan.forceConflicts(), plan.concurrency());
  }

  public static ApplyOptions defaults() {
    return new ApplyOptions(false, 8);
  }
}

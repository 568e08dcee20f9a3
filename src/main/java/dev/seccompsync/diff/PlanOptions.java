package dev.seccompsync.diff;

/**
 * How the planner treats conflicts and how many dry runs it sends at once.
 *
 * @param forceConflicts whether apply overrides fields other managers own
 * @param concurrency the most requests in flight
 */
public record PlanOptions(boolean forceConflicts, int concurrency) {

  public static PlanOptions defaults() {
    return new PlanOptions(false, 8);
  }
}

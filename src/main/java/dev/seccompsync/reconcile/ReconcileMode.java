package dev.seccompsync.reconcile;

/** What a pass does with drift. */
public enum ReconcileMode {
  /** Report drift through events, logs and metrics; write nothing. */
  DETECT,
  /** Apply Git's state (and prune, when enabled) whenever the cluster drifts from it. */
  HEAL
}

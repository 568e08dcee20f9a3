package dev.seccompsync.diff;

import java.util.Locale;

/** Why an object shows up in a drift report. */
public enum DriftCategory {
  /** In Git, not in the cluster. */
  MISSING,
  /** In both, and the cluster differs from Git. */
  CHANGED,
  /** In the cluster, not in Git, and not created by seccomp-sync. */
  UNMANAGED,
  /** Created by seccomp-sync, since removed from Git. */
  ORPHANED,
  /** Recorded by SPO from a workload and not in Git: a candidate for promotion. */
  RECORDED,
  /** A binding that protects nothing: its namespace is not enabled or its profile is missing. */
  INERT_BINDING,
  /** A profile the operator has not installed on the nodes. */
  NOT_INSTALLED;

  /** The lower-case, dash-separated word used in output and in {@code --ignore}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

package dev.seccompsync.diff;

import java.util.Locale;

/** What happened, or would happen, to one object. */
public enum Action {
  CREATED,
  CONFIGURED,
  UNCHANGED,
  /** Deleted because it left Git (prune). */
  PRUNED,
  /** Deletion sent and accepted, but held by finalizers; not re-sent. */
  PENDING,
  SKIPPED,
  FAILED;

  /** The lower-case word used in JSON and text output. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the object differs between Git and the cluster. */
  public boolean isChange() {
    return this == CREATED || this == CONFIGURED || this == PRUNED;
  }
}

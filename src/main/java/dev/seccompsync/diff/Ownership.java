package dev.seccompsync.diff;

/** The label and annotation that mark objects seccomp-sync applies. */
public final class Ownership {

  /** Set to {@link #MANAGED_BY_VALUE} on every applied object. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_VALUE = "seccomp-sync";

  /**
   * The Git path an object comes from; never the commit, which would make every commit look like
   * drift.
   */
  public static final String SOURCE_ANNOTATION = "seccomp-sync.dev/source";

  /** The label SPO's recorder puts on profiles it recorded. */
  public static final String RECORDING_LABEL = "spo.x-k8s.io/recording-id";

  /** The label SPO puts on a recorded profile while it is one of several partial recordings. */
  public static final String PARTIAL_LABEL = "spo.x-k8s.io/partial";

  /**
   * ApplySet membership (KEP-3659): the inventory's id on every object it applied, so that {@code
   * kubectl} and prune recognise the members.
   */
  public static final String PART_OF_LABEL = "applyset.kubernetes.io/part-of";

  /** {@code seccomp-sync.dev/prune: disabled} on a live object keeps it from being pruned. */
  public static final String PRUNE_ANNOTATION = "seccomp-sync.dev/prune";

  private Ownership() {}
}

package dev.seccompsync.cluster;

/** The three shapes of the SPO API found in clusters, told apart by discovery. */
public enum SpoGeneration {
  /** Up to 0.8.x: SeccompProfile v1beta1, profiles namespaced, {@code spec.disabled}. */
  A,
  /** 0.9.0 to 0.10.x: v1beta1, profiles cluster-scoped, {@code spec.disabled}. */
  B,
  /** 1.0.0 and later: v1 storage, profiles cluster-scoped, {@code spec.state}. */
  C
}

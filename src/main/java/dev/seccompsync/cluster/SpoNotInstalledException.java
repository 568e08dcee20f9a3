package dev.seccompsync.cluster;

/** The cluster serves no SeccompProfile kind: SPO, or at least its CRDs, is not installed. */
public final class SpoNotInstalledException extends ClusterException {
  private static final long serialVersionUID = 1L;

  public SpoNotInstalledException(String message) {
    super(message);
  }
}

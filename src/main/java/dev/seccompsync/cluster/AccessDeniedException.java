package dev.seccompsync.cluster;

/** The API server answered 403: the identity may not do what was asked. */
public final class AccessDeniedException extends ClusterException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}

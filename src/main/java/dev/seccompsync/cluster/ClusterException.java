package dev.seccompsync.cluster;

import dev.seccompsync.SeccompSyncException;

/** A cluster that cannot be reached, read or written as needed. */
public class ClusterException extends SeccompSyncException {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.seccompsync.git;

import dev.seccompsync.SeccompSyncException;

/** A repository that cannot be opened, fetched or read at the requested revision. */
public final class GitSourceException extends SeccompSyncException {
  private static final long serialVersionUID = 1L;

  public GitSourceException(String message) {
    super(message);
  }

  public GitSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}

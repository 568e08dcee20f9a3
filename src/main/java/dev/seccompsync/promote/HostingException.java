package dev.seccompsync.promote;

import dev.seccompsync.SeccompSyncException;

/**
 * A hosting API that cannot be reached, refuses the token, or rejects a request. The message never
 * carries the token.
 */
public final class HostingException extends SeccompSyncException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public HostingException(String message) {
    this(message, 0);
  }

  public HostingException(String message, int status) {
    super(message);
    this.status = status;
  }

  public HostingException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status the server answered with; 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** Whether the server failed (5xx): the request may or may not have taken effect. */
  public boolean serverError() {
    return status >= 500;
  }
}

package dev.seccompsync.promote;

import dev.seccompsync.SeccompSyncException;

/** A promotion that cannot go on; the message names the recording or file and what to do. */
public final class PromotionException extends SeccompSyncException {
  private static final long serialVersionUID = 1L;

  public PromotionException(String message) {
    super(message);
  }

  public PromotionException(String message, Throwable cause) {
    super(message, cause);
  }
}

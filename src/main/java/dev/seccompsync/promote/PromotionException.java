package dev.seccompsync.promote;

/** A promotion that cannot go on; the message names the recording or file and what to do. */
public final class PromotionException extends RuntimeException {

  public PromotionException(String message) {
    super(message);
  }

  public PromotionException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.seccompsync.promote;

import java.time.Duration;

/**
 * How often, and how long in all, a request is tried again after a rate limit (429, GitHub's 403
 * rate limits) or a server error (5xx).
 *
 * @param maxAttempts the most requests sent for one call, the first included (at least 1)
 * @param maxTotalWait the most time spent waiting between attempts of one call; a wait the server
 *     asks for that would go past it fails the call at once
 * @param firstBackoff the wait before the second attempt when the server names none; doubled for
 *     each further attempt
 */
public record RetryPolicy(int maxAttempts, Duration maxTotalWait, Duration firstBackoff) {

  /** Four attempts within two minutes of waiting, from one second. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMinutes(2), Duration.ofSeconds(1));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (maxTotalWait == null || maxTotalWait.isNegative()) {
      throw new IllegalArgumentException("maxTotalWait must be zero or more: " + maxTotalWait);
    }
    if (firstBackoff == null || firstBackoff.isNegative()) {
      throw new IllegalArgumentException("firstBackoff must be zero or more: " + firstBackoff);
    }
  }

  /** The wait before attempt {@code attempt + 1} when the server names none. */
  Duration backoff(int attempt) {
    var factor = 1L << Math.min(attempt - 1, 20);
    return firstBackoff.multipliedBy(factor);
  }
}

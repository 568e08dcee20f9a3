package dev.seccompsync.promote;

import java.time.Duration;

/** Waits between attempts; tests pass one that only records the waits. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  /** Really waits. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}

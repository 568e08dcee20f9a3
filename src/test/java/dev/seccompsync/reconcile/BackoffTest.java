package dev.seccompsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BackoffTest {

  /** A clock the test moves by hand. */
  private static final class Manual extends Clock {
    Instant now = Instant.parse("2026-12-04T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void doublesUpToTheMaximumAndForgetsOnSuccess() {
    var clock = new Manual();
    var backoff = new Backoff<String>(Duration.ofSeconds(2), Duration.ofSeconds(10), clock);
    assertThat(backoff.failed("x")).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.failed("x")).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.failed("x")).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.failed("x")).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.failed("x")).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.held()).containsExactly("x");
    assertThat(backoff.nextRelease()).contains(clock.now.plusSeconds(10));

    clock.now = clock.now.plusSeconds(11);
    assertThat(backoff.held()).isEmpty();
    assertThat(backoff.failures("x")).isEqualTo(5);
    backoff.succeeded("x");
    assertThat(backoff.failures("x")).isZero();
    assertThat(backoff.failed("x")).isEqualTo(Duration.ofSeconds(2));
  }
}

package dev.seccompsync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Exponential backoff per key: after the n-th failure in a row a key is held for {@code initial *
 * 2^(n-1)}, at most {@code max}; a success forgets it.
 */
final class Backoff<K> {

  private final Duration initial;
  private final Duration max;
  private final Clock clock;
  private final Map<K, Entry> entries = new ConcurrentHashMap<>();

  Backoff(Duration initial, Duration max, Clock clock) {
    this.initial = initial;
    this.max = max;
    this.clock = clock;
  }

  /** Records a failure and returns how long the key is held. */
  Duration failed(K key) {
    var failures = entries.containsKey(key) ? entries.get(key).failures() + 1 : 1;
    var delay = initial.multipliedBy(1L << Math.min(failures - 1, 20));
    if (delay.compareTo(max) > 0) {
      delay = max;
    }
    entries.put(key, new Entry(failures, clock.instant().plus(delay)));
    return delay;
  }

  void succeeded(K key) {
    entries.remove(key);
  }

  /** How many failures in a row the key has. */
  int failures(K key) {
    var entry = entries.get(key);
    return entry == null ? 0 : entry.failures();
  }

  /** The keys held now. */
  Set<K> held() {
    var now = clock.instant();
    return entries.entrySet().stream()
        .filter(e -> e.getValue().until().isAfter(now))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /** When the first held key is released. */
  Optional<Instant> nextRelease() {
    var now = clock.instant();
    return entries.values().stream()
        .map(Entry::until)
        .filter(until -> until.isAfter(now))
        .min(Instant::compareTo);
  }

  private record Entry(int failures, Instant until) {}
}

package dev.seccompsync.reconcile;

import java.time.Duration;

/**
 * Leader election on a {@code coordination.k8s.io} Lease, so that of several replicas only one
 * writes.
 *
 * @param enabled whether to elect; without it this process reconciles at once
 * @param namespace the Lease's namespace
 * @param name the Lease's name
 * @param identity this replica's identity in the Lease
 * @param leaseDuration how long a lease is valid without renewal
 * @param renewDeadline how long the leader tries to renew before it gives up
 * @param retryPeriod how often candidates try to acquire, and the leader renews
 */
public record LeaderOptions(
    boolean enabled,
    String namespace,
    String name,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  /** The usual timings: 15 s lease, 10 s renew deadline, 2 s retry period. */
  public static LeaderOptions of(boolean enabled, String namespace, String name, String identity) {
    return new LeaderOptions(
        enabled,
        namespace,
        name,
        identity,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }
}

package dev.seccompsync.reconcile;

import dev.seccompsync.SeccompSyncException;
import dev.seccompsync.cluster.AccessCheck;
import dev.seccompsync.cluster.ClusterException;
import dev.seccompsync.cluster.EventRecorder;
import dev.seccompsync.cluster.InventoryStore;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.sync.SourceLoader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler as a service: the health and metrics endpoint, leader election (the loop runs only
 * while this replica holds the Lease), and an orderly stop that lets the pass in flight finish,
 * releases the Lease and closes the watches within a deadline.
 */
public final class ReconcileService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReconcileService.class);

  private final Reconciler reconciler;
  private final ReconcileOptions options;
  private final SourceSpec spec;
  private final LeaderOptions leader;
  private final Metrics metrics;
  private final KubernetesClient client;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final InetSocketAddress httpAddress;
  private HealthServer http;
  private Thread loop;
  private CompletableFuture<?> election;
  private LeaderElector elector;
  private volatile boolean leading;
  private volatile boolean lostLease;
  private volatile boolean stopping;
  private volatile String otherLeader;

  /**
   * @param httpAddress where {@code /healthz}, {@code /readyz} and {@code /metrics} listen, or
   *     {@code null} for none
   */
  public ReconcileService(
      KubernetesClient client,
      RequestLog requests,
      SourceLoader loader,
      SourceSpec spec,
      ReconcileOptions options,
      LeaderOptions leader,
      InetSocketAddress httpAddress,
      Clock clock) {
    this.client = client;
    this.leader = leader;
    this.options = options;
    this.spec = spec;
    this.metrics = new Metrics();
    this.httpAddress = httpAddress;
    var events = new EventRecorder(client, leader.identity(), clock);
    this.reconciler =
        new Reconciler(client, requests, loader, spec, options, metrics, events, clock);
  }

  /**
   * Starts the endpoint and then the loop, at once or once this replica is elected.
   *
   * @throws java.io.UncheckedIOException when the endpoint's address is taken
   */
  public void start() {
    preflight();
    if (httpAddress != null) {
      try {
        http = new HealthServer(httpAddress, this::health, this::readiness, metrics);
      } catch (IOException e) {
        throw new SeccompSyncException(
            "cannot listen on %s:%d (%s); pass another --http-address"
                .formatted(httpAddress.getHostString(), httpAddress.getPort(), e.getMessage()),
            e);
      }
    }
    if (http != null) {
      log.info(
          "serving /healthz, /readyz and /metrics on {}:{}",
          httpAddress.getHostString(),
          http.port());
    }
    metrics.leader.set(0);
    if (!leader.enabled()) {
      startLoop();
      return;
    }
    var denied =
        new AccessCheck(client)
            .denied(
                "coordination.k8s.io",
                "leases",
                leader.namespace(),
                java.util.List.of("get", "create", "update", "patch"));
    if (!denied.isEmpty()) {
      if (http != null) {
        http.close();
      }
      throw new ClusterException(
          ("leader election: may not %s leases in namespace %s; grant get, create, update and"
                  + " patch on leases.coordination.k8s.io there, or pass --no-leader-elect")
              .formatted(String.join(", ", denied), leader.namespace()));
    }
    var lock = new LeaseLock(leader.namespace(), leader.name(), leader.identity());
    var config =
        new LeaderElectionConfig(
            lock,
            leader.leaseDuration(),
            leader.renewDeadline(),
            leader.retryPeriod(),
            new LeaderCallbacks(this::startLoop, this::leaseLost, this::newLeader),
            true,
            leader.name());
    var executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              var thread = new Thread(runnable, "seccomp-sync-election");
              thread.setDaemon(true);
              return thread;
            });
    log.info("waiting for lease {}/{} as {}", leader.namespace(), leader.name(), leader.identity());
    elector = new LeaderElector(client, config, executor);
    election = elector.start();
  }

  /**
   * What would only fail again and again in the loop is an error at start: a local repository that
   * cannot be read, an inventory that belongs to another tool, a Lease namespace that does not
   * exist. A server that does not answer yet is left to the loop's retries.
   */
  private void preflight() {
    reconciler.preload();
    var ref = options.apply().effectiveInventory();
    try {
      new InventoryStore(client).read(ref);
    } catch (ClusterException e) {
      if (!(e.getCause() instanceof KubernetesClientException k) || k.getCode() != 0) {
        throw e;
      }
      log.warn("{}; retrying", e.getMessage());
    }
    if (leader.enabled()) {
      try {
        if (client.namespaces().withName(leader.namespace()).get() == null) {
          throw new ClusterException(
              "leader election: namespace %s does not exist; create it, or pass --inventory"
                      .formatted(leader.namespace())
                  + " NS/NAME to hold the Lease elsewhere, or --no-leader-elect");
        }
      } catch (KubernetesClientException e) {
        log.debug("cannot check namespace {}: HTTP {}", leader.namespace(), e.getCode());
      }
    }
    log.info(
        "reconciling {} against {} in {} mode every {}s; inventory {}{}",
        spec.repository() + (spec.paths().isEmpty() ? "" : " " + spec.paths()),
        client.getMasterUrl(),
        options.mode().name().toLowerCase(java.util.Locale.ROOT),
        options.interval().toSeconds(),
        ref,
        options.apply().prune().enabled() ? ", pruning" : "");
  }

  private synchronized void startLoop() {
    if (stopping || loop != null) {
      return;
    }
    leading = true;
    metrics.leader.set(1);
    if (leader.enabled()) {
      log.info("acquired lease {}/{}; reconciling", leader.namespace(), leader.name());
    }
    loop =
        new Thread(
            () -> {
              try {
                reconciler.run();
              } finally {
                finished.countDown();
              }
            },
            "seccomp-sync-reconcile");
    loop.start();
  }

  private void leaseLost() {
    leading = false;
    metrics.leader.set(0);
    if (stopping) {
      return;
    }
    lostLease = true;
    log.error(
        "lost lease {}/{}; stopping so that only the leader writes",
        leader.namespace(),
        leader.name());
    reconciler.stop();
    finished.countDown();
  }

  private void newLeader(String identity) {
    otherLeader = identity.equals(leader.identity()) ? null : identity;
    if (!identity.equals(leader.identity())) {
      log.info("lease {}/{} is held by {}", leader.namespace(), leader.name(), identity);
    }
  }

  /** Blocks until the loop ends: after {@link #stop} or a lost lease. */
  public void awaitTermination() throws InterruptedException {
    finished.await();
  }

  /** Whether the service ended because another replica took the lease. */
  public boolean lostLease() {
    return lostLease;
  }

  /**
   * Stops: lets the pass in flight finish (or abandons it after {@code grace}), releases the Lease,
   * closes the watches and the endpoint.
   */
  public void stop(Duration grace) {
    Thread current;
    synchronized (this) {
      stopping = true;
      current = loop;
    }
    reconciler.stop();
    var deadline = System.nanoTime() + grace.toNanos();
    if (current != null) {
      try {
        current.join(Math.max(1, grace.toMillis() - 1000));
        if (current.isAlive()) {
          log.warn("pass still running after {}s; abandoning it", grace.toSeconds());
          current.interrupt();
          current.join(500);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (election != null) {
      election.cancel(true);
      waitForRelease(deadline);
      release();
    }
    leading = false;
    metrics.leader.set(0);
    if (http != null) {
      http.close();
    }
    finished.countDown();
  }

  /** Gives the Lease up now, so that a standby takes over without waiting for it to expire. */
  private void release() {
    try {
      if (elector.release()) {
        log.info("released lease {}/{}", leader.namespace(), leader.name());
      }
    } catch (RuntimeException e) {
      log.warn(
          "cannot release lease {}/{} ({}); it expires in {}s",
          leader.namespace(),
          leader.name(),
          e.getMessage(),
          leader.leaseDuration().toSeconds());
    }
  }

  private void waitForRelease(long deadline) {
    try {
      election.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // cancelled: the elector releases the lease on cancel
    }
  }

  /** The endpoint's port, or -1 without one (for tests that listen on port 0). */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /** Whether this replica holds the lease and runs the loop. */
  public boolean leading() {
    return leading;
  }

  /** Passes completed so far. */
  public long passes() {
    return reconciler.passes();
  }

  private HealthServer.Status health() {
    if (lostLease) {
      return new HealthServer.Status(false, "lost the lease");
    }
    return new HealthServer.Status(true, "ok");
  }

  private HealthServer.Status readiness() {
    if (!leading) {
      var holder = otherLeader;
      return holder == null
          ? new HealthServer.Status(
              false,
              "not ready: waiting for lease %s/%s".formatted(leader.namespace(), leader.name()))
          : new HealthServer.Status(true, "standby: " + holder + " holds the lease");
    }
    if (reconciler.ready()) {
      return new HealthServer.Status(true, "ready");
    }
    var problem = reconciler.lastProblem();
    return new HealthServer.Status(false, "not ready: " + (problem == null ? "" : problem));
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}

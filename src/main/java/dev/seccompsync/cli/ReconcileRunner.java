package dev.seccompsync.cli;

import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.reconcile.LeaderOptions;
import dev.seccompsync.reconcile.ReconcileOptions;
import dev.seccompsync.reconcile.ReconcileService;
import dev.seccompsync.report.ExitCodes;
import dev.seccompsync.sync.SourceLoader;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

/**
 * Connects and runs the reconciler until a signal stops it or the Lease is lost; kept apart from
 * {@link ReconcileCommand} so that {@code --help} loads no Kubernetes client.
 */
final class ReconcileRunner {

  private final KubeOptions kube;
  private final SourceSpec spec;
  private final LoadOptions loadOptions;
  private final ReconcileOptions options;
  private final LeaderOptions leader;
  private final InetSocketAddress address;

  ReconcileRunner(
      KubeOptions kube,
      SourceSpec spec,
      LoadOptions loadOptions,
      ReconcileOptions options,
      LeaderOptions leader,
      InetSocketAddress address) {
    this.kube = kube;
    this.spec = spec;
    this.loadOptions = loadOptions;
    this.options = options;
    this.leader = leader;
    this.address = address;
  }

  /** Runs until stopped; 0 after a signal, 1 after a lost Lease. */
  int run(Duration shutdownTimeout) throws InterruptedException {
    var requests = new RequestLog();
    var loader = new SourceLoader(SyncRunner.gitSource(), loadOptions);
    var client = KubeClients.connect(kube, requests);
    var service =
        new ReconcileService(
            client, requests, loader, spec, options, leader, address, Clock.systemUTC());
    var hook =
        new Thread(
            () -> {
              service.stop(shutdownTimeout);
              client.close();
              // Stopped by a signal after an orderly stop: exit 0, not the JVM's 128+signal.
              Runtime.getRuntime().halt(service.lostLease() ? 1 : ExitCodes.OK);
            },
            "seccomp-sync-shutdown");
    service.start();
    // Registered once running: an error at start exits 2 through the usual path.
    Runtime.getRuntime().addShutdownHook(hook);
    service.awaitTermination();
    if (service.lostLease()) {
      return 1;
    }
    return ExitCodes.OK;
  }
}

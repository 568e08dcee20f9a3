package dev.seccompsync.cli;

import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.reconcile.LeaderOptions;
import dev.seccompsync.reconcile.ReconcileMode;
import dev.seccompsync.reconcile.ReconcileOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code seccomp-sync reconcile}: the continuous loop. */
@Command(
    name = "reconcile",
    description = {
      "Keep the cluster in sync with Git continuously.",
      "Watches the SPO kinds and polls Git; on every change detects drift (Events, logs,"
          + " metrics) or heals it (apply, and prune with --prune). Serves /healthz, /readyz"
          + " and /metrics. Runs until SIGTERM or Ctrl-C."
    },
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    sortOptions = false,
    footer = {
      "",
      "Exit codes: 0 stopped by a signal; 1 lost the lease to another replica; 2 error."
    })
final class ReconcileCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SourceMixin source;

  @Mixin KubeMixin kube;

  @Mixin CommonMixin common;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "detect",
      description = "detect: report drift only; heal: apply Git's state (default: detect).")
  String mode;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description = "How often Git is polled and a full pass runs (default: 1m).")
  Duration interval;

  @Option(
      names = "--debounce",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "How long a burst of cluster changes is gathered into one pass (default: 1s).")
  Duration debounce;

  @Option(
      names = "--force-conflicts",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Heal fields other field managers changed (default); --no-force-conflicts reports them"
              + " as failed instead.")
  boolean forceConflicts;

  @Mixin PruneMixin prune;

  @Option(
      names = "--leader-elect",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Hold a Lease (named as the inventory, in its namespace) so that one replica writes"
              + " (default); --no-leader-elect for a single process.")
  boolean leaderElect;

  @Option(
      names = "--http-address",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9440",
      description =
          "Where /healthz, /readyz and /metrics listen; 'none' for no endpoint (default:"
              + " 127.0.0.1:9440).")
  String httpAddress;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description =
          "On SIGTERM, how long the pass in flight may take before it is abandoned (default:"
              + " 20s; keep it below the pod's terminationGracePeriodSeconds).")
  Duration shutdownTimeout;

  @Override
  public Integer call() throws InterruptedException {
    var reconcileMode = mode();
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ParameterException(
          spec.commandLine(), "--interval must be at least 1s, not " + interval.toMillis() + "ms");
    }
    if (debounce.compareTo(interval) > 0) {
      throw new ParameterException(spec.commandLine(), "--debounce must not exceed --interval");
    }
    var inventory = prune.inventoryRef(spec.commandLine());
    if (inventory == null) {
      inventory = InventoryRef.DEFAULT;
    }
    var address = address();
    var apply =
        new dev.seccompsync.apply.ApplyOptions(forceConflicts, common.concurrency)
            .withPrune(prune.options(spec.commandLine()))
            .withInventory(inventory);
    var options =
        new ReconcileOptions(reconcileMode, interval, debounce, apply, Duration.ofSeconds(30));
    var identity = identity();
    // Detect writes nothing but Events, so it has a Lease of its own: a watcher started with the
    // defaults must never keep the healing replicas from writing.
    var lease =
        reconcileMode == ReconcileMode.DETECT ? inventory.name() + "-detect" : inventory.name();
    var leader = LeaderOptions.of(leaderElect, inventory.namespace(), lease, identity);
    return new ReconcileRunner(
            kube.options(), source.spec(), source.loadOptions(), options, leader, address)
        .run(shutdownTimeout);
  }

  private ReconcileMode mode() {
    return switch (mode) {
      case "detect" -> ReconcileMode.DETECT;
      case "heal" -> ReconcileMode.HEAL;
      default ->
          throw new ParameterException(
              spec.commandLine(), "--mode must be detect or heal, not '%s'".formatted(mode));
    };
  }

  private InetSocketAddress address() {
    if (httpAddress.equals("none")) {
      return null;
    }
    var colon = httpAddress.lastIndexOf(':');
    var bad =
        new ParameterException(
            spec.commandLine(),
            "--http-address '%s' is not HOST:PORT with a port from 0 to 65535, such as"
                    .formatted(httpAddress)
                + " 127.0.0.1:9440");
    int port;
    try {
      port = Integer.parseInt(httpAddress.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw bad;
    }
    if (port < 0 || port > 65535) {
      throw bad;
    }
    var host = colon <= 0 ? "127.0.0.1" : httpAddress.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    var address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new ParameterException(
          spec.commandLine(),
          "--http-address: host %s does not resolve; use an IP address such as 127.0.0.1"
              .formatted(host));
    }
    return address;
  }

  /** The pod's name (HOSTNAME in a pod) and a random suffix, unique per process. */
  private static String identity() {
    var host = System.getenv("POD_NAME");
    if (host == null || host.isBlank()) {
      host = System.getenv("HOSTNAME");
    }
    if (host == null || host.isBlank()) {
      host = "seccomp-sync";
    }
    var suffix =
        Long.toString(Math.abs(new java.security.SecureRandom().nextLong()) % 1_000_000, 36);
    return host + "-" + suffix;
  }
}

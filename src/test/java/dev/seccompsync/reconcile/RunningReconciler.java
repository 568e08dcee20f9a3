package dev.seccompsync.reconcile;

import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.apply.PruneOptions;
import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.sync.SourceLoader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A reconciler running in the test JVM against a local API server, with short timings (a 1 s
 * interval, a 200 ms debounce) and its endpoint on a free port of 127.0.0.1.
 */
final class RunningReconciler implements AutoCloseable {

  final RequestLog requests = new RequestLog();
  final KubernetesClient client;
  final ReconcileService service;
  final String identity;

  private RunningReconciler(
      KubeOptions kube,
      String repository,
      Path cache,
      ReconcileMode mode,
      InventoryRef inventory,
      boolean prune,
      LeaderOptions leader) {
    this.client = KubeClients.connect(kube, requests);
    this.identity = leader.identity();
    var apply =
        new ApplyOptions(true, 4)
            .withInventory(inventory)
            .withPrune(prune ? PruneOptions.on() : PruneOptions.OFF);
    var options =
        new ReconcileOptions(
            mode, Duration.ofSeconds(1), Duration.ofMillis(200), apply, Duration.ofSeconds(20));
    var loader = new SourceLoader(new GitSource(cache, null), LoadOptions.defaults());
    this.service =
        new ReconcileService(
            client,
            requests,
            loader,
            new SourceSpec(repository, null, List.of()),
            options,
            leader,
            new InetSocketAddress("127.0.0.1", 0),
            Clock.systemUTC());
  }

  static RunningReconciler start(
      KubeOptions kube,
      String repository,
      Path cache,
      ReconcileMode mode,
      InventoryRef inventory,
      boolean prune) {
    return start(
        kube,
        repository,
        cache,
        mode,
        inventory,
        prune,
        LeaderOptions.of(false, inventory.namespace(), inventory.name(), "test"));
  }

  static RunningReconciler start(
      KubeOptions kube,
      String repository,
      Path cache,
      ReconcileMode mode,
      InventoryRef inventory,
      boolean prune,
      LeaderOptions leader) {
    var running = new RunningReconciler(kube, repository, cache, mode, inventory, prune, leader);
    running.service.start();
    return running;
  }

  /** GET on the endpoint: the status code and the body. */
  HttpResponse<String> get(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for a condition, polling every 50 ms; fails after {@code timeout}. */
  static Duration await(String what, Duration timeout, BooleanSupplier condition) {
    var started = System.nanoTime();
    var deadline = started + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Override
  public void close() {
    service.stop(Duration.ofSeconds(10));
    client.close();
  }
}

package dev.seccompsync.bench;

import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.diff.PlanOptions;
import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.reconcile.LeaderOptions;
import dev.seccompsync.reconcile.ReconcileMode;
import dev.seccompsync.reconcile.ReconcileOptions;
import dev.seccompsync.reconcile.ReconcileService;
import dev.seccompsync.sync.SourceLoader;
import dev.seccompsync.sync.SyncEngine;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.Processes;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a reconcile pass costs next to a one-shot {@code drift} of the same state, side by side on
 * one local API server: the time of a no-op pass over the watch cache and its requests, the time
 * and requests of a fresh in-process drift, and how long an out-of-band edit takes to be healed at
 * N profiles. Run by {@code src/test/bench/reconcile.sh}; prints its figures.
 */
public final class ReconcileBenchmark {
  private ReconcileBenchmark() {}

  public static void main(String[] args) throws Exception {
    var project = Path.of(System.getProperty("seccompsync.projectDir", ".")).toAbsolutePath();
    var work = project.resolve("target/bench/reconcile");
    var sizes = new ArrayList<Integer>();
    for (var arg : args) {
      sizes.add(Integer.parseInt(arg));
    }
    if (sizes.isEmpty()) {
      sizes.addAll(List.of(100, 1000));
    }
    System.out.println(
        "N\tpass (cache)\trequests/pass\tdrift (fresh)\trequests/drift\tratio\theal (median of 5)");
    for (var n : sizes) {
      System.out.println(measure(project, work.resolve("n-" + n), n));
    }
  }

  private static String measure(Path project, Path dir, int n) throws Exception {
    Files.createDirectories(dir);
    var kubeconfig = dir.resolve("kubeconfig");
    var start = project.resolve("examples/local-cluster/start.sh").toString();
    var started =
        Processes.run(
            List.of(start, "--kubeconfig", kubeconfig.toString(), "--spo-generation", "C"), 1800);
    if (started.exitCode() != 0) {
      throw new IllegalStateException("start.sh failed:\n" + started.output());
    }
    try {
      var repo = dir.resolve("repo");
      try (var git = GitRepos.init(repo)) {
        git.commit("profiles", ProfileGenerator.files(n));
      }
      var kube = new KubeOptions(kubeconfig.toString(), null, null, null);
      var loader =
          new SourceLoader(new GitSource(dir.resolve("cache"), null), LoadOptions.defaults());
      var spec = new SourceSpec(repo.toString(), null, List.of());
      var requests = new RequestLog();
      var client = KubeClients.connect(kube, requests);
      var options =
          new ReconcileOptions(
              ReconcileMode.HEAL,
              Duration.ofMillis(500),
              Duration.ofMillis(100),
              new ApplyOptions(true, 8).withInventory(new InventoryRef("team-a", "bench")),
              Duration.ofSeconds(120));
      var service =
          new ReconcileService(
              client,
              requests,
              loader,
              spec,
              options,
              LeaderOptions.of(false, "team-a", "bench", "bench"),
              new InetSocketAddress("127.0.0.1", 0),
              Clock.systemUTC());
      service.start();
      try {
        await(() -> service.passes() >= 2, Duration.ofMinutes(10));
        // No-op passes: every 500 ms, from the cache.
        var passesBefore = service.passes();
        var requestsBefore = requests.total();
        var sumBefore = passSeconds(service);
        await(() -> service.passes() >= passesBefore + 10, Duration.ofMinutes(10));
        var passes = service.passes() - passesBefore;
        var passMillis = (passSeconds(service) - sumBefore) * 1000 / passes;
        var perPass = (double) (requests.total() - requestsBefore) / passes;

        // A fresh drift of the same state, in-process, as the CLI runs it.
        var driftMillis = new ArrayList<Double>();
        long driftRequests = 0;
        for (int i = 0; i < 3; i++) {
          var source = loader.load(spec);
          var fresh = new RequestLog();
          try (var other = KubeClients.connect(kube, fresh)) {
            var t = System.nanoTime();
            new SyncEngine(other, fresh).drift(source, PlanOptions.defaults());
            driftMillis.add((System.nanoTime() - t) / 1e6);
            driftRequests = fresh.total();
          }
        }
        driftMillis.sort(null);
        var drift = driftMillis.get(1);

        var heals = new ArrayList<Long>();
        var kubectl = List.of("kubectl", "--kubeconfig", kubeconfig.toString());
        for (int i = 0; i < 5; i++) {
          var patch = new ArrayList<>(kubectl);
          patch.addAll(
              List.of(
                  "patch",
                  "seccompprofiles.security-profiles-operator.x-k8s.io",
                  ProfileGenerator.name(0),
                  "--type=merge",
                  "--field-manager=intruder",
                  "-p",
                  "{\"metadata\":{\"labels\":{\"app\":\"intruder-" + i + "\"}}}"));
          var t = System.nanoTime();
          Processes.run(patch, 60);
          var get = new ArrayList<>(kubectl);
          get.addAll(
              List.of(
                  "get",
                  "seccompprofiles.security-profiles-operator.x-k8s.io",
                  ProfileGenerator.name(0),
                  "-o",
                  "jsonpath={.metadata.labels.app}"));
          await(() -> !Processes.run(get, 60).output().contains("intruder"), Duration.ofMinutes(2));
          heals.add((System.nanoTime() - t) / 1_000_000);
        }
        heals.sort(null);
        return String.format(
            Locale.ROOT,
            "%d\t%.0f ms\t%.1f\t%.0f ms\t%.1f\t%.1fx\t%d ms (includes two kubectl runs)",
            n,
            passMillis,
            perPass,
            drift,
            (double) driftRequests,
            drift / passMillis,
            heals.get(2));
      } finally {
        service.stop(Duration.ofSeconds(10));
        client.close();
      }
    } finally {
      var stop = project.resolve("examples/local-cluster/stop.sh").toString();
      Processes.run(List.of(stop, "--kubeconfig", kubeconfig.toString()), 60);
    }
  }

  private static double passSeconds(ReconcileService service) throws Exception {
    var body =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    for (var line : body.split("\n", -1)) {
      if (line.startsWith(
          "seccomp_sync_pass_duration_seconds_sum{mode=\"heal\",result=\"success\"}")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private static void await(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    var deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout);
      }
      Thread.sleep(20);
    }
  }
}

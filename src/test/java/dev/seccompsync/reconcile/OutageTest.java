package dev.seccompsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import dev.seccompsync.testing.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop survives outages and resumes when they end: the API server unreachable for a while, and
 * the Git remote gone for a while.
 */
@RealCluster(SpoGeneration.C)
class OutageTest {

  @TempDir Path directory;

  /**
   * The API server "stops" and "restarts" behind a TCP proxy: connections are reset and then
   * refused, as when kube-apiserver restarts, but etcd keeps its state. The shared local server
   * itself keeps running for the other tests.
   */
  @Test
  void survivesTheApiServerGoingAwayAndHealsWhenItReturns(LocalCluster cluster) throws Exception {
    var kubeconfig = Files.readString(cluster.kubeconfig());
    var matcher = Pattern.compile("server: https://127\\.0\\.0\\.1:(\\d+)").matcher(kubeconfig);
    assertThat(matcher.find()).isTrue();
    var name = LocalCluster.uniqueName("outage");
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    try (var proxy = new TcpProxy(Integer.parseInt(matcher.group(1)));
        var repo = GitRepos.init(directory.resolve("repo"))) {
      proxy.start();
      var viaProxy = directory.resolve("kubeconfig");
      Files.writeString(
          viaProxy, matcher.replaceFirst("server: https://127.0.0.1:" + proxy.port()));
      repo.commit("one", Map.of(name + ".yaml", ReconcileTest.profile(name, "SCMP_ACT_ERRNO")));
      try (var running =
          RunningReconciler.start(
              new KubeOptions(viaProxy.toString(), null, null, null),
              repo.root().toString(),
              directory.resolve("cache"),
              ReconcileMode.HEAL,
              inventory,
              false)) {
        RunningReconciler.await(
            "the profile", Duration.ofSeconds(30), () -> ReconcileTest.exists(cluster, name));

        proxy.stop();
        ReconcileTest.editOutOfBand(cluster, name);
        RunningReconciler.await(
            "a failed pass while the server is away",
            Duration.ofSeconds(20),
            () ->
                !running
                    .get("/metrics")
                    .body()
                    .contains("seccomp_sync_errors_total{type=\"cluster\"} 0.0"));
        assertThat(running.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(ReconcileTest.defaultAction(cluster, name)).isEqualTo("SCMP_ACT_LOG");

        proxy.start();
        var recovered =
            RunningReconciler.await(
                "the edit to be healed once the server is back",
                Duration.ofSeconds(60),
                () -> ReconcileTest.defaultAction(cluster, name).equals("SCMP_ACT_ERRNO"));
        System.out.printf(
            "API outage: healed %d ms after the server came back%n", recovered.toMillis());
      }
    }
  }

  @Test
  void survivesTheGitRemoteGoingAwayAndAppliesWhatWasPushedMeanwhile(LocalCluster cluster)
      throws Exception {
    var first = LocalCluster.uniqueName("git-first");
    var second = LocalCluster.uniqueName("git-second");
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    var bare = directory.resolve("remote.git");
    var away = directory.resolve("remote-away.git");
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit("one", Map.of(first + ".yaml", ReconcileTest.profile(first, "SCMP_ACT_ERRNO")));
      Git.cloneRepository()
          .setBare(true)
          .setURI(repo.root().toUri().toString())
          .setDirectory(bare.toFile())
          .call()
          .close();
      try (var running =
          RunningReconciler.start(
              cluster.options(),
              bare.toUri().toString(),
              directory.resolve("cache"),
              ReconcileMode.HEAL,
              inventory,
              false)) {
        RunningReconciler.await(
            "the first profile",
            Duration.ofSeconds(30),
            () -> ReconcileTest.exists(cluster, first));

        Files.move(bare, away);
        RunningReconciler.await(
            "a failed poll",
            Duration.ofSeconds(20),
            () ->
                !running
                    .get("/metrics")
                    .body()
                    .contains("seccomp_sync_errors_total{type=\"git\"} 0.0"));
        ReconcileTest.editOutOfBand(cluster, first);
        RunningReconciler.await(
            "healing to go on against the last revision read",
            Duration.ofSeconds(20),
            () -> ReconcileTest.defaultAction(cluster, first).equals("SCMP_ACT_ERRNO"));

        repo.commit(
            "two", Map.of(second + ".yaml", ReconcileTest.profile(second, "SCMP_ACT_ERRNO")));
        repo.git().push().setRemote(away.toUri().toString()).add("main").call();
        Files.move(away, bare);
        var resumed =
            RunningReconciler.await(
                "the commit pushed during the outage",
                Duration.ofSeconds(60),
                () -> ReconcileTest.exists(cluster, second));
        System.out.printf(
            "Git outage: new commit applied %d ms after the remote came back%n",
            resumed.toMillis());
        assertThat(running.get("/healthz").statusCode()).isEqualTo(200);
      }
    }
  }
}

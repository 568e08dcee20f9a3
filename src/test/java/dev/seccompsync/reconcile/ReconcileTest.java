package dev.seccompsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconcile loop on the real API server: heal, detect, Git changes, prune. */
@RealCluster(SpoGeneration.C)
class ReconcileTest {

  static final String PROFILES = "seccompprofiles.security-profiles-operator.x-k8s.io";

  @TempDir Path directory;

  @Test
  void healRevertsAnOutOfBandEditWithinSeconds(LocalCluster cluster) {
    var name = LocalCluster.uniqueName("heal");
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      var commit = repo.commit("one", Map.of(name + ".yaml", profile(name, "SCMP_ACT_ERRNO")));
      try (var running =
          RunningReconciler.start(
              cluster.options(),
              repo.root().toString(),
              directory.resolve("cache"),
              ReconcileMode.HEAL,
              inventory,
              false)) {
        RunningReconciler.await(
            "the first pass to create the profile",
            Duration.ofSeconds(30),
            () -> defaultAction(cluster, name).equals("SCMP_ACT_ERRNO"));
        RunningReconciler.await(
            "readiness", Duration.ofSeconds(10), () -> running.get("/readyz").statusCode() == 200);
        assertThat(running.get("/healthz").statusCode()).isEqualTo(200);
        var listsBefore = running.requests.byVerb().getOrDefault("LIST", 0L);

        editOutOfBand(cluster, name);
        var healed =
            RunningReconciler.await(
                "the edit to be reverted",
                Duration.ofSeconds(20),
                () -> defaultAction(cluster, name).equals("SCMP_ACT_ERRNO"));
        System.out.printf("heal: out-of-band edit reverted in %d ms%n", healed.toMillis());
        assertThat(healed).isLessThan(Duration.ofSeconds(10));
        assertThat(running.requests.byVerb().getOrDefault("LIST", 0L))
            .as("passes read the watch cache, not the server")
            .isEqualTo(listsBefore);

        var metrics = running.get("/metrics").body();
        assertThat(metrics)
            .contains("seccomp_sync_applies_total{kind=\"SeccompProfile\",result=\"configured\"}")
            .contains("seccomp_sync_revision_info{revision=\"" + commit + "\"} 1")
            .contains("seccomp_sync_leader 1.0")
            .containsPattern(
                "seccomp_sync_pass_duration_seconds_count\\{mode=\"heal\","
                    + "result=\"success\"} [1-9]")
            .containsPattern("seccomp_sync_last_success_timestamp_seconds 1\\.[0-9]+E9")
            .contains("seccomp_sync_errors_total{type=\"git\"} 0");
        RunningReconciler.await(
            "a Healed event",
            Duration.ofSeconds(10),
            () ->
                cluster
                    .kubectl(
                        "get",
                        "events",
                        "-n",
                        "default",
                        "--field-selector",
                        "involvedObject.name=" + name,
                        "-o",
                        "jsonpath={.items[*].reason}")
                    .contains("Healed"));
      }
    }
  }

  @Test
  void detectReportsDriftAndWritesNothing(LocalCluster cluster) {
    var name = LocalCluster.uniqueName("detect");
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit("one", Map.of(name + ".yaml", profile(name, "SCMP_ACT_ERRNO")));
      try (var healing =
          RunningReconciler.start(
              cluster.options(),
              repo.root().toString(),
              directory.resolve("cache"),
              ReconcileMode.HEAL,
              inventory,
              false)) {
        RunningReconciler.await(
            "the profile to be applied", Duration.ofSeconds(30), () -> exists(cluster, name));
      }
      try (var running =
          RunningReconciler.start(
              cluster.options(),
              repo.root().toString(),
              directory.resolve("cache"),
              ReconcileMode.DETECT,
              inventory,
              false)) {
        RunningReconciler.await(
            "readiness", Duration.ofSeconds(30), () -> running.get("/readyz").statusCode() == 200);
        assertThat(running.get("/metrics").body())
            .as("no drift before the edit")
            .doesNotContain("category=\"changed\"");
        editOutOfBand(cluster, name);
        var reported =
            RunningReconciler.await(
                "the drift to be reported in the metrics",
                Duration.ofSeconds(20),
                () ->
                    running
                        .get("/metrics")
                        .body()
                        .contains(
                            "seccomp_sync_drifted_objects{category=\"changed\","
                                + "kind=\"SeccompProfile\"} 1"));
        System.out.printf("detect: out-of-band edit reported in %d ms%n", reported.toMillis());
        RunningReconciler.await(
            "a Drifted event",
            Duration.ofSeconds(10),
            () ->
                cluster
                    .kubectl(
                        "get",
                        "events",
                        "-n",
                        "default",
                        "--field-selector",
                        "involvedObject.name=" + name,
                        "-o",
                        "jsonpath={.items[*].reason}")
                    .contains("Drifted"));
        assertThat(defaultAction(cluster, name)).isEqualTo("SCMP_ACT_LOG");
        var writes =
            running.requests.byVerbAndResource().entrySet().stream()
                .filter(
                    e ->
                        e.getKey().endsWith(" seccompprofiles")
                            || e.getKey().endsWith(" configmaps"))
                .filter(
                    e ->
                        e.getKey().startsWith("PATCH")
                            || e.getKey().startsWith("POST")
                            || e.getKey().startsWith("PUT")
                            || e.getKey().startsWith("DELETE"))
                .toList();
        assertThat(writes).as("detect writes no SPO object and no inventory").isEmpty();
      }
    }
  }

  @Test
  void aCommitIsAppliedAndARemovalPrunesOnlyWithPrune(LocalCluster cluster) {
    var first = LocalCluster.uniqueName("first");
    var second = LocalCluster.uniqueName("second");
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit(
          "two",
          Map.of(
              first + ".yaml", profile(first, "SCMP_ACT_ERRNO"),
              second + ".yaml", profile(second, "SCMP_ACT_ERRNO")));
      try (var running =
          RunningReconciler.start(
              cluster.options(),
              repo.root().toString(),
              directory.resolve("cache"),
              ReconcileMode.HEAL,
              inventory,
              false)) {
        RunningReconciler.await(
            "both profiles", Duration.ofSeconds(30), () -> exists(cluster, second));
        repo.commit("change", Map.of(first + ".yaml", profile(first, "SCMP_ACT_KILL")));
        var applied =
            RunningReconciler.await(
                "the new commit to be applied",
                Duration.ofSeconds(20),
                () -> defaultAction(cluster, first).equals("SCMP_ACT_KILL"));
        System.out.printf(
            "reconcile: a new commit applied %d ms after it was made%n", applied.toMillis());
        repo.delete("remove second", second + ".yaml");
        var passes = running.service.passes();
        RunningReconciler.await(
            "two more passes",
            Duration.ofSeconds(20),
            () -> running.service.passes() >= passes + 2);
        assertThat(exists(cluster, second)).as("without --prune nothing is deleted").isTrue();
      }
      try (var pruning =
          RunningReconciler.start(
              cluster.options(),
              repo.root().toString(),
              directory.resolve("cache"),
              ReconcileMode.HEAL,
              inventory,
              true)) {
        RunningReconciler.await(
            "the removed profile to be pruned",
            Duration.ofSeconds(30),
            () -> !exists(cluster, second));
        assertThat(exists(cluster, first)).isTrue();
        assertThat(pruning.get("/metrics").body())
            .contains("seccomp_sync_prunes_total{kind=\"SeccompProfile\",result=\"pruned\"} 1.0");
      }
    }
  }

  /** Sets the profile's defaultAction to SCMP_ACT_LOG as another field manager would. */
  static void editOutOfBand(LocalCluster cluster, String name) {
    cluster.kubectl(
        "patch",
        PROFILES,
        name,
        "--type=merge",
        "--field-manager=intruder",
        "-p",
        "{\"spec\":{\"defaultAction\":\"SCMP_ACT_LOG\"}}");
  }

  static boolean exists(LocalCluster cluster, String name) {
    return cluster.kubectlResult("get", PROFILES, name).exitCode() == 0;
  }

  static String defaultAction(LocalCluster cluster, String name) {
    var result =
        cluster.kubectlResult("get", PROFILES, name, "-o", "jsonpath={.spec.defaultAction}");
    return result.exitCode() == 0 ? result.output().trim() : "";
  }

  static String profile(String name, String defaultAction) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata:
      name: %s
    spec:
      defaultAction: %s
      syscalls:
        - action: SCMP_ACT_ALLOW
          names: [read, write]
    """
        .formatted(name, defaultAction);
  }
}

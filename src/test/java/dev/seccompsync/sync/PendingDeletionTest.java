package dev.seccompsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.apply.PruneOptions;
import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.Action;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pruned profile that finalizers hold (shared case C05): one DELETE, a bounded wait, a "pending"
 * result naming each finalizer and what it waits for, no second DELETE on the next run, no patch of
 * the terminating object when Git brings it back, and the finalizers left in place. The local
 * server runs no operator, so the test adds the operator's finalizers and status with kubectl, and
 * creates the nodes that still exist.
 */
@RealCluster(SpoGeneration.A)
class PendingDeletionTest {

  private static final String PROFILES = "seccompprofiles.security-profiles-operator.x-k8s.io";

  @TempDir Path directory;

  @Test
  void aDeletionHeldByFinalizersIsPendingAndNotResent(LocalCluster cluster) {
    cluster.kubectlApply(
        "test-nodes",
        """
        apiVersion: v1
        kind: Node
        metadata: {name: worker-1}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: worker-2}
        """);
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    var web = LocalCluster.uniqueName("web");
    var legacy = LocalCluster.uniqueName("legacy");
    var prune = new PruneOptions(true, false, 50, Duration.ofSeconds(1));
    var options = ApplyOptions.defaults().withInventory(inventory).withPrune(prune);
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "two",
          Map.of(
              "team-a/web.yaml", profile(web, "read, write, exit_group"),
              "team-a/legacy.yaml", profile(legacy, "read, write")));
      var harness = new SyncHarness(cluster, repo.root(), List.of());
      assertThat(harness.apply(options).hasErrors()).isFalse();
      actAsOperator(cluster, legacy);
      repo.delete("legacy is gone", "team-a/legacy.yaml");

      var started = System.nanoTime();
      var first = harness.apply(options);
      var seconds = (System.nanoTime() - started) / 1e9;
      var reasons =
          "blocked by finalizers in-use-by-active-pods (active workloads:"
              + " team-a/old-web-7d9f-xk2p1) and worker-3-delete (node worker-3 not found)";
      assertThat(PruneTest.byName(first)).containsEntry(legacy, Action.PENDING);
      assertThat(PruneTest.message(first, legacy)).isEqualTo("deletion pending — " + reasons);
      assertThat(harness.requests().byVerb()).containsEntry("DELETE", 1L);
      assertThat(first.hasErrors()).isFalse();
      assertThat(seconds).as("the run waits a bounded time").isLessThan(30);

      var second = harness.apply(options);
      assertThat(PruneTest.message(second, legacy)).isEqualTo("still pending — " + reasons);
      assertThat(harness.requests().byVerb()).doesNotContainKey("DELETE");

      var version = resourceVersion(cluster, legacy);
      repo.commit("legacy is back", Map.of("team-a/legacy.yaml", profile(legacy, "read")));
      var back = harness.apply(options);
      assertThat(PruneTest.byName(back)).containsEntry(legacy, Action.PENDING);
      assertThat(PruneTest.message(back, legacy))
          .isEqualTo("object is being deleted; will be created after deletion completes");
      assertThat(resourceVersion(cluster, legacy)).isEqualTo(version);
      assertThat(
              cluster.kubectl(
                  "get", PROFILES, legacy, "-n", "team-a", "-o", "jsonpath={.metadata.finalizers}"))
          .isEqualTo("[\"in-use-by-active-pods\",\"worker-3-delete\"]");
    } finally {
      cluster.kubectlResult(
          "patch",
          PROFILES,
          legacy,
          "-n",
          "team-a",
          "--type=merge",
          "-p",
          "{\"metadata\":{\"finalizers\":null}}");
    }
  }

  private static String resourceVersion(LocalCluster cluster, String name) {
    return cluster.kubectl(
        "get", PROFILES, name, "-n", "team-a", "-o", "jsonpath={.metadata.resourceVersion}");
  }

  private static void actAsOperator(LocalCluster cluster, String name) {
    cluster.kubectl(
        "patch",
        PROFILES,
        name,
        "-n",
        "team-a",
        "--type=merge",
        "--field-manager=security-profiles-operator",
        "-p",
        "{\"metadata\":{\"finalizers\":[\"in-use-by-active-pods\",\"worker-3-delete\"]}}");
    cluster.kubectl(
        "patch",
        PROFILES,
        name,
        "-n",
        "team-a",
        "--type=merge",
        "--subresource=status",
        "--field-manager=security-profiles-operator",
        "-p",
        "{\"status\":{\"status\":\"Installed\","
            + "\"activeWorkloads\":[\"team-a/old-web-7d9f-xk2p1\"]}}");
  }

  private static String profile(String name, String syscalls) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1beta1
    kind: SeccompProfile
    metadata:
      name: %s
      namespace: team-a
    spec:
      defaultAction: SCMP_ACT_ERRNO
      syscalls:
        - action: SCMP_ACT_ALLOW
          names: [%s]
    """
        .formatted(name, syscalls);
  }
}

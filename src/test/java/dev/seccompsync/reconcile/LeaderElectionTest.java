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

/**
 * Two reconcilers against one API server: one holds the Lease and writes, the other waits and is
 * ready as a standby; when the leader stops it releases the Lease and the other takes over.
 */
@RealCluster(SpoGeneration.C)
class LeaderElectionTest {

  @TempDir Path directory;

  @Test
  void oneLeaderWritesAndTheOtherTakesOverWhenItStops(LocalCluster cluster) {
    var name = LocalCluster.uniqueName("leader");
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit("one", Map.of(name + ".yaml", ReconcileTest.profile(name, "SCMP_ACT_ERRNO")));
      var first = start(cluster, repo, inventory, "first");
      try (var second = start(cluster, repo, inventory, "second")) {
        RunningReconciler.await(
            "one of them to lead",
            Duration.ofSeconds(20),
            () -> first.service.leading() || second.service.leading());
        var leader = first.service.leading() ? first : second;
        var standby = leader == first ? second : first;
        RunningReconciler.await(
            "the leader to apply",
            Duration.ofSeconds(20),
            () -> ReconcileTest.exists(cluster, name));
        sleep(Duration.ofSeconds(2));
        assertThat(standby.service.leading()).isFalse();
        assertThat(standby.service.passes()).isZero();
        assertThat(standby.get("/readyz").body()).startsWith("standby");
        assertThat(standby.requests.byVerbAndResource()).doesNotContainKey("PATCH seccompprofiles");
        assertThat(
                cluster.kubectl(
                    "get",
                    "lease",
                    inventory.name(),
                    "-n",
                    "team-a",
                    "-o",
                    "jsonpath={.spec.holderIdentity}"))
            .isEqualTo(leader.identity);

        leader.close();
        var takeover =
            RunningReconciler.await(
                "the standby to take over",
                Duration.ofSeconds(30),
                () -> standby.service.leading());
        System.out.printf(
            "leader election: standby took over %d ms after the leader stopped%n",
            takeover.toMillis());
        ReconcileTest.editOutOfBand(cluster, name);
        RunningReconciler.await(
            "the new leader to heal",
            Duration.ofSeconds(20),
            () -> ReconcileTest.defaultAction(cluster, name).equals("SCMP_ACT_ERRNO"));
      } finally {
        first.close();
      }
    }
  }

  private RunningReconciler start(
      LocalCluster cluster, GitRepos repo, InventoryRef inventory, String who) {
    var leader =
        new LeaderOptions(
            true,
            inventory.namespace(),
            inventory.name(),
            who + "-" + LocalCluster.uniqueName("id"),
            Duration.ofSeconds(4),
            Duration.ofSeconds(3),
            Duration.ofMillis(500));
    return RunningReconciler.start(
        cluster.options(),
        repo.root().toString(),
        directory.resolve("cache-" + who),
        ReconcileMode.HEAL,
        inventory,
        false,
        leader);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

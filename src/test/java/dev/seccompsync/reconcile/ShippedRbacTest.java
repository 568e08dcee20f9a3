package dev.seccompsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler with exactly the permissions {@code examples/deploy/} grants: a ServiceAccount
 * token bound to the shipped ClusterRole and Role, on the local API server with RBAC on. A heal
 * pass with prune and leader election works; an inventory where the Role grants nothing fails
 * clearly and the loop keeps running.
 */
@RealCluster(SpoGeneration.C)
class ShippedRbacTest {

  @TempDir Path directory;

  @Test
  void theShippedRolesAreEnoughAndAMissingGrantIsNamed(LocalCluster cluster)
      throws IOException, InterruptedException {
    var deploy = LocalCluster.projectDirectory().resolve("examples/deploy");
    for (var file :
        new String[] {
          "namespace.yaml", "serviceaccount.yaml", "clusterrole.yaml",
          "clusterrolebinding.yaml", "role.yaml", "rolebinding.yaml"
        }) {
      cluster.kubectl("apply", "-f", deploy.resolve(file).toString());
    }
    var kubeconfig = serviceAccountKubeconfig(cluster);
    var keep = LocalCluster.uniqueName("rbac-keep");
    var gone = LocalCluster.uniqueName("rbac-gone");
    var inventory = new InventoryRef("seccomp-sync", LocalCluster.uniqueName("inventory"));
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit(
          "two",
          Map.of(
              keep + ".yaml", ReconcileTest.profile(keep, "SCMP_ACT_ERRNO"),
              gone + ".yaml", ReconcileTest.profile(gone, "SCMP_ACT_ERRNO")));
      var leader =
          new LeaderOptions(
              true,
              inventory.namespace(),
              inventory.name(),
              "rbac-test",
              Duration.ofSeconds(4),
              Duration.ofSeconds(3),
              Duration.ofMillis(500));
      try (var running =
          RunningReconciler.start(
              kubeconfig,
              repo.root().toString(),
              directory.resolve("cache"),
              ReconcileMode.HEAL,
              inventory,
              true,
              leader)) {
        RunningReconciler.await(
            "both profiles",
            Duration.ofSeconds(30),
            () -> ReconcileTest.exists(cluster, gone) && ReconcileTest.exists(cluster, keep));
        repo.delete("remove one", gone + ".yaml");
        RunningReconciler.await(
            "the prune", Duration.ofSeconds(30), () -> !ReconcileTest.exists(cluster, gone));
        RunningReconciler.await(
            "a Created event",
            Duration.ofSeconds(10),
            () ->
                cluster
                    .kubectl(
                        "get",
                        "events",
                        "-n",
                        "default",
                        "--field-selector",
                        "involvedObject.name=" + keep,
                        "-o",
                        "jsonpath={.items[*].reason}")
                    .contains("Created"));
        Thread.sleep(5000);
        assertThat(running.service.leading()).as("the lease is renewed past its duration").isTrue();
        var metrics = running.get("/metrics").body();
        assertThat(metrics)
            .contains("seccomp_sync_errors_total{type=\"cluster\"} 0.0")
            .contains("seccomp_sync_leader 1.0");
        assertThat(
                cluster.kubectl(
                    "get",
                    "configmap",
                    inventory.name(),
                    "-n",
                    "seccomp-sync",
                    "-o",
                    "jsonpath={.data.count\\.pruned}"))
            .isEqualTo("1");
      }

      var elsewhere = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
      assertThatThrownBy(
              () ->
                  RunningReconciler.start(
                      kubeconfig,
                      repo.root().toString(),
                      directory.resolve("cache"),
                      ReconcileMode.HEAL,
                      elsewhere,
                      true))
          .as("a refused inventory is an error at start, not a retry forever")
          .hasMessage(
              "inventory configmap %s: cannot read it (HTTP 403); grant get on configmaps in"
                      .formatted(elsewhere)
                  + " namespace team-a");

      var noLease =
          new LeaderOptions(
              true,
              "team-a",
              elsewhere.name(),
              "rbac-test",
              Duration.ofSeconds(4),
              Duration.ofSeconds(3),
              Duration.ofMillis(500));
      assertThatThrownBy(
              () ->
                  RunningReconciler.start(
                      kubeconfig,
                      repo.root().toString(),
                      directory.resolve("cache"),
                      ReconcileMode.HEAL,
                      inventory,
                      false,
                      noLease))
          .hasMessage(
              "leader election: may not get, create, update, patch leases in namespace team-a;"
                  + " grant get, create, update and patch on leases.coordination.k8s.io there,"
                  + " or pass --no-leader-elect");
    }
  }

  private KubeOptions serviceAccountKubeconfig(LocalCluster cluster) throws IOException {
    var token = cluster.kubectl("create", "token", "seccomp-sync", "-n", "seccomp-sync").trim();
    var server =
        cluster.kubectl(
            "config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}");
    var ca =
        cluster.kubectl(
            "config",
            "view",
            "--raw",
            "--minify",
            "-o",
            "jsonpath={.clusters[0].cluster.certificate-authority-data}");
    var file = directory.resolve("sa-kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: local
            cluster: {server: "%s", certificate-authority-data: "%s"}
        users:
          - name: seccomp-sync
            user: {token: "%s"}
        contexts:
          - name: seccomp-sync
            context: {cluster: local, user: seccomp-sync, namespace: seccomp-sync}
        current-context: seccomp-sync
        """
            .formatted(server.trim(), ca.trim(), token));
    return new KubeOptions(file.toString(), null, null, null);
  }
}

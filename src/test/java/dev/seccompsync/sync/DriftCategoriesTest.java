package dev.seccompsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.DriftCategory;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every drift category on one real cluster. The server is shared with other tests, so only this
 * test's objects (by their unique names) are looked at.
 */
@RealCluster(SpoGeneration.C)
class DriftCategoriesTest {

  @TempDir Path directory;

  @Test
  void reportsEachCategory(LocalCluster cluster) {
    var installed = LocalCluster.uniqueName("installed");
    var orphan = LocalCluster.uniqueName("orphan");
    var missing = LocalCluster.uniqueName("missing");
    var unmanaged = LocalCluster.uniqueName("unmanaged");
    var recorded = LocalCluster.uniqueName("recorded");
    var binding = LocalCluster.uniqueName("binding");
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "first",
          Map.of("installed.yaml", profile(installed, ""), "orphan.yaml", profile(orphan, "")));
      var harness = new SyncHarness(cluster, repo.root(), List.of());
      assertThat(harness.apply().hasErrors()).isFalse();
      cluster.kubectl(
          "patch",
          "seccompprofiles.security-profiles-operator.x-k8s.io",
          installed,
          "--type=merge",
          "--subresource=status",
          "-p",
          "{\"status\":{\"status\":\"Installed\"}}");
      repo.delete("orphan leaves Git", "orphan.yaml");
      repo.commit(
          "more",
          Map.of(
              "missing.yaml",
              profile(missing, ""),
              "binding.yaml",
              """
              apiVersion: security-profiles-operator.x-k8s.io/v1
              kind: ProfileBinding
              metadata: {name: %s, namespace: shop}
              spec:
                profileRef: {kind: SeccompProfile, name: nowhere-%s}
                image: registry.example.com/web:1.0
              """
                  .formatted(binding, binding)));
      cluster.kubectlApply("someone-else", profile(unmanaged, ""));
      cluster.kubectlApply("spod", profile(recorded, "labels: {spo.x-k8s.io/recording-id: rec-1}"));
      cluster.kubectl(
          "apply",
          "--server-side",
          "--field-manager=check",
          "-f",
          LocalCluster.projectDirectory()
              .resolve("examples/local-cluster/namespaces.yaml")
              .toString());

      var drift = harness.drift();

      var ours = Set.of(installed, orphan, missing, unmanaged, recorded, binding);
      assertThat(findings(drift, ours))
          .containsExactlyInAnyOrder(
              tuple(missing, DriftCategory.MISSING, "in Git, not in the cluster"),
              tuple(binding, DriftCategory.MISSING, "in Git, not in the cluster"),
              tuple(
                  orphan,
                  DriftCategory.ORPHANED,
                  "applied by seccomp-sync, since removed from Git"),
              tuple(unmanaged, DriftCategory.UNMANAGED, "in the cluster, not in Git"),
              tuple(
                  recorded,
                  DriftCategory.RECORDED,
                  "not in Git, promotion candidate of recording rec-1"),
              tuple(
                  binding,
                  DriftCategory.INERT_BINDING,
                  ("its profile SeccompProfile/nowhere-%s exists neither in Git nor in the"
                          + " cluster; SPO skips the binding")
                      .formatted(binding)));
      assertThat(harness.requests().writes()).isZero();

      cluster.kubectl(
          "patch",
          "seccompprofiles.security-profiles-operator.x-k8s.io",
          installed,
          "--type=merge",
          "--subresource=status",
          "-p",
          "{\"status\":{\"status\":\"Error\"}}");
      assertThat(findings(harness.drift(), Set.of(installed)))
          .containsExactly(
              tuple(installed, DriftCategory.NOT_INSTALLED, "status is Error, not Installed"));
    }
  }

  private static List<org.assertj.core.groups.Tuple> findings(RunResult drift, Set<String> names) {
    return drift.objects().stream()
        .filter(o -> names.contains(o.id().name()))
        .map(o -> tuple(o.id().name(), o.category(), o.message()))
        .toList();
  }

  private static String profile(String name, String metadata) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata:
      name: %s
      %s
    spec:
      defaultAction: SCMP_ACT_ERRNO
    """
        .formatted(name, metadata);
  }
}

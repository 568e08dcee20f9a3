package dev.seccompsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code apply --prune}, {@code diff --prune} and {@code status} as people and CI run them. */
@RealCluster(SpoGeneration.C)
class InventoryCliTest {

  @TempDir Path directory;

  @Test
  void pruneAndStatusFromTheCommandLine(LocalCluster cluster) {
    var keep = LocalCluster.uniqueName("cli-keep");
    var gone = LocalCluster.uniqueName("cli-gone");
    var inventory = "team-a/" + LocalCluster.uniqueName("inventory");
    try (var repo = GitRepos.init(directory)) {
      repo.commit("two", Map.of(keep + ".yaml", profile(keep), gone + ".yaml", profile(gone)));
      var args =
          new String[] {
            "--repo", repo.root().toString(),
            "--kubeconfig", cluster.kubeconfig().toString(),
            "--inventory", inventory
          };
      var none =
          CliRun.of(
              with(
                  "status",
                  "--kubeconfig",
                  cluster.kubeconfig().toString(),
                  "--inventory",
                  inventory));
      assertThat(none.exitCode()).isEqualTo(1);
      assertThat(none.out()).isEqualTo("inventory %s: nothing applied yet\n".formatted(inventory));

      assertThat(CliRun.of(with("apply", args)).exitCode()).isZero();
      var commit = repo.delete("remove one", gone + ".yaml");

      var diff = CliRun.of(with("diff", with("--prune", args)));
      assertThat(diff.exitCode()).isEqualTo(1);
      assertThat(diff.out())
          .contains("# SeccompProfile/%s: would be pruned (gone from Git)".formatted(gone))
          .contains("0 to create, 0 to configure, 1 unchanged, 1 to prune");

      var apply = CliRun.of(with("apply", with("--prune", args)));
      assertThat(apply.exitCode()).as(apply.err()).isZero();
      assertThat(apply.out())
          .containsPattern("(?m)^SeccompProfile/%s +pruned +gone from Git$".formatted(gone))
          .contains("apply: 0 created, 0 configured, 1 unchanged, 1 pruned");

      var status =
          CliRun.of(
              with(
                  "status",
                  "--kubeconfig",
                  cluster.kubeconfig().toString(),
                  "--inventory",
                  inventory,
                  "-o",
                  "json"));
      assertThat(status.exitCode()).isZero();
      var tree = JsonMapper.builder().build().readTree(status.out());
      assertThat(tree.path("revision").asString()).isEqualTo(commit);
      assertThat(tree.path("counts").path("pruned").asInt()).isEqualTo(1);
      assertThat(tree.path("counts").path("unchanged").asInt()).isEqualTo(1);
      assertThat(tree.path("applySetId").asString())
          .isEqualTo(InventoryRef.parse(inventory).applySetId());

      var text =
          CliRun.of(
              with(
                  "status",
                  "--kubeconfig",
                  cluster.kubeconfig().toString(),
                  "--inventory",
                  inventory));
      assertThat(text.out())
          .contains("revision:   " + commit)
          .contains("last apply: 1 pruned, 1 unchanged");

      var malformed = CliRun.of(with("apply", with("--prune", "--inventory", "nope")));
      assertThat(malformed.exitCode()).isEqualTo(2);
      assertThat(malformed.err())
          .startsWith(
              "error: --inventory: inventory 'nope' is not NAMESPACE/NAME, such as"
                  + " seccomp-sync/seccomp-sync");
    }
  }

  private static String profile(String name) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata: {name: %s}
    spec: {defaultAction: SCMP_ACT_ERRNO}
    """
        .formatted(name);
  }

  private static String[] with(String first, String... rest) {
    var all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}

package dev.seccompsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.Action;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Objects first created with client-side {@code kubectl apply} are taken over, so that fields
 * removed from Git really go, while the operator's fields stay (shared case C07).
 */
@RealCluster(SpoGeneration.A)
class ClientSideApplyTakeOverTest {

  @TempDir Path directory;

  @Test
  void takesOverKubectlFieldsAndRemovesWhatGitDropped(LocalCluster cluster) throws Exception {
    var web = LocalCluster.uniqueName("web");
    var old = directory.resolve("old.yaml");
    Files.writeString(
        old,
        """
        apiVersion: security-profiles-operator.x-k8s.io/v1beta1
        kind: SeccompProfile
        metadata:
          name: %s
          namespace: team-a
          labels: {app.kubernetes.io/part-of: shop, tier: legacy}
        spec:
          defaultAction: SCMP_ACT_ERRNO
          syscalls:
            - {action: SCMP_ACT_ALLOW, names: [read, write, exit_group]}
            - {action: SCMP_ACT_ALLOW, names: [ptrace]}
        """
            .formatted(web));
    cluster.kubectl("apply", "-f", old.toString());
    cluster.kubectl(
        "label",
        "seccompprofiles.security-profiles-operator.x-k8s.io",
        web,
        "-n",
        "team-a",
        "--field-manager=security-profiles-operator",
        "spo.x-k8s.io/profile-id=SeccompProfile-" + web);
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit(
          "drop ptrace and tier",
          Map.of(
              "team-a/web.yaml",
              """
              apiVersion: security-profiles-operator.x-k8s.io/v1beta1
              kind: SeccompProfile
              metadata:
                name: %s
                namespace: team-a
                labels:
                  app.kubernetes.io/part-of: shop
              spec:
                defaultAction: SCMP_ACT_ERRNO
                syscalls:
                  - action: SCMP_ACT_ALLOW
                    names: [read, write, exit_group]
              """
                  .formatted(web)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());

      var plan = harness.diff().objects().get(0);
      assertThat(plan.action()).isEqualTo(Action.CONFIGURED);
      assertThat(plan.message())
          .isEqualTo(
              "taking field ownership from kubectl-client-side-apply"
                  + " (last-applied-configuration present), so that fields removed from Git are"
                  + " removed");
      assertThat(plan.diff()).contains("-    tier: legacy").contains("-        - ptrace");

      assertThat(harness.apply().hasErrors()).isFalse();
      var live = get(cluster, web);
      var rules = live.path("spec").path("syscalls");
      assertThat(rules.size()).isEqualTo(1);
      assertThat(rules.get(0).path("names").valueStream().map(JsonNode::asString))
          .containsExactlyInAnyOrder("read", "write", "exit_group");
      var labels = live.path("metadata").path("labels");
      assertThat(labels.has("tier")).isFalse();
      assertThat(labels.path("spo.x-k8s.io/profile-id").asString())
          .isEqualTo("SeccompProfile-" + web);
      assertThat(labels.path("app.kubernetes.io/part-of").asString()).isEqualTo("shop");
      assertThat(
              live.path("metadata")
                  .path("annotations")
                  .has("kubectl.kubernetes.io/last-applied-configuration"))
          .isFalse();
      var managers =
          live.path("metadata")
              .path("managedFields")
              .valueStream()
              .map(m -> m.path("manager").asString() + "/" + m.path("operation").asString())
              .toList();
      assertThat(managers)
          .containsExactlyInAnyOrder("seccomp-sync/Apply", "security-profiles-operator/Update");
      var operatorFields =
          live.path("metadata")
              .path("managedFields")
              .valueStream()
              .filter(m -> m.path("manager").asString().equals("security-profiles-operator"))
              .findFirst()
              .orElseThrow();
      assertThat(operatorFields.path("fieldsV1").toString()).contains("spo.x-k8s.io/profile-id");

      assertThat(harness.diff().objects().get(0).action()).isEqualTo(Action.UNCHANGED);
    }
  }

  private static JsonNode get(LocalCluster cluster, String name) {
    var json =
        cluster.kubectl(
            "get",
            "seccompprofiles.security-profiles-operator.x-k8s.io",
            name,
            "-n",
            "team-a",
            "-o",
            "json",
            "--show-managed-fields");
    return JsonMapper.builder().build().readTree(json);
  }
}

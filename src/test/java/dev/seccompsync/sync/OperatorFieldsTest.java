package dev.seccompsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server and the operator add to live objects (finalizers, the profile-id label, status,
 * schema defaults) is not drift, and apply never strips it (shared case C04). The local server runs
 * no operator, so its writes are made here with kubectl under the operator's field manager.
 */
@RealCluster(SpoGeneration.A)
class OperatorFieldsTest {

  @TempDir Path directory;

  @Test
  void operatorAdditionsAndSchemaDefaultsAreNotDrift(LocalCluster cluster) {
    var web = LocalCluster.uniqueName("web");
    var rec = LocalCluster.uniqueName("rec");
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "profiles",
          Map.of("team-a/web.yaml", web(web, ""), "team-a/rec.yaml", recording(rec, "")));
      var harness = new SyncHarness(cluster, repo.root(), List.of());
      assertThat(harness.apply().hasErrors()).isFalse();
      actAsOperator(cluster, web);
      var versionBefore =
          cluster.kubectl(
              "get",
              "seccompprofiles.security-profiles-operator.x-k8s.io",
              web,
              "-n",
              "team-a",
              "-o",
              "jsonpath={.metadata.resourceVersion}");

      assertThat(actions(harness.diff())).containsOnly(Action.UNCHANGED);
      assertThat(actions(harness.apply())).containsOnly(Action.UNCHANGED);
      assertThat(harness.requests().writes()).isZero();
      var live =
          cluster.kubectl(
              "get",
              "seccompprofiles.security-profiles-operator.x-k8s.io",
              web,
              "-n",
              "team-a",
              "-o",
              "jsonpath={.metadata.resourceVersion} {.metadata.finalizers}"
                  + " {.metadata.labels.spo\\.x-k8s\\.io/profile-id} {.status.status}");
      assertThat(live)
          .isEqualTo(
              versionBefore
                  + " [\"worker-1-delete\",\"in-use-by-active-pods\"] SeccompProfile-"
                  + web
                  + " Installed");

      repo.commit(
          "explicit defaults",
          Map.of(
              "team-a/web.yaml",
              web(web, "disabled: false\n  "),
              "team-a/rec.yaml",
              recording(rec, "mergeStrategy: none\n  ")));
      assertThat(actions(harness.diff())).containsOnly(Action.UNCHANGED);

      repo.commit(
          "merge containers",
          Map.of("team-a/rec.yaml", recording(rec, "mergeStrategy: containers\n  ")));
      var change = harness.diff();
      var recording =
          change.objects().stream()
              .filter(o -> o.id().name().equals(rec))
              .findFirst()
              .orElseThrow();
      assertThat(recording.action()).isEqualTo(Action.CONFIGURED);
      assertThat(recording.patch().toString())
          .isEqualTo(
              "[{\"op\":\"replace\",\"path\":\"/spec/mergeStrategy\",\"value\":\"containers\"}]");
    }
  }

  private static void actAsOperator(LocalCluster cluster, String web) {
    var resource = "seccompprofiles.security-profiles-operator.x-k8s.io";
    cluster.kubectl(
        "patch",
        resource,
        web,
        "-n",
        "team-a",
        "--type=merge",
        "--field-manager=security-profiles-operator",
        "-p",
        "{\"metadata\":{\"finalizers\":[\"worker-1-delete\",\"in-use-by-active-pods\"],"
            + "\"labels\":{\"spo.x-k8s.io/profile-id\":\"SeccompProfile-"
            + web
            + "\"}}}");
    cluster.kubectl(
        "patch",
        resource,
        web,
        "-n",
        "team-a",
        "--type=merge",
        "--subresource=status",
        "--field-manager=security-profiles-operator",
        "-p",
        "{\"status\":{\"status\":\"Installed\",\"activeWorkloads\":[\"team-a/web-1\"]}}");
  }

  private static List<Action> actions(RunResult result) {
    return result.objects().stream().map(ObjectResult::action).toList();
  }

  private static String web(String name, String extra) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1beta1
    kind: SeccompProfile
    metadata:
      name: %s
      namespace: team-a
    spec:
      %sdefaultAction: SCMP_ACT_ERRNO
      syscalls:
        - action: SCMP_ACT_ALLOW
          names: [read, write, exit_group]
    """
        .formatted(name, extra);
  }

  private static String recording(String name, String extra) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
    kind: ProfileRecording
    metadata:
      name: %s
      namespace: team-a
    spec:
      %skind: SeccompProfile
      recorder: logs
      podSelector:
        matchLabels:
          app: web
    """
        .formatted(name, extra);
  }
}

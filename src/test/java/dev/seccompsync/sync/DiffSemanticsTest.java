package dev.seccompsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.manifest.Problem;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How diff compares Git with a generation-C cluster: versions, sets, empty values, rule order. */
@RealCluster(SpoGeneration.C)
class DiffSemanticsTest {

  @TempDir Path directory;

  // Shared case C03: Git keeps an older served version; the live object is read at that version.
  @Test
  void olderServedVersionInGitIsInSync(LocalCluster cluster) {
    var name = LocalCluster.uniqueName("shop-rec");
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "recording",
          Map.of(
              "team-a/recording.yaml",
              """
              apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
              kind: ProfileRecording
              metadata: {name: %s, namespace: team-a}
              spec:
                kind: SeccompProfile
                recorder: logs
                mergeStrategy: containers
                podSelector:
                  matchLabels: {app: shop}
              """
                  .formatted(name)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());
      assertThat(harness.apply().hasErrors()).isFalse();

      var diff = harness.diff();

      assertThat(single(diff.objects()).action()).isEqualTo(Action.UNCHANGED);
      assertThat(harness.requests().byVerb()).doesNotContainKey("DRY-RUN PATCH");
      assertThat(
              cluster.kubectl(
                  "get",
                  "profilerecordings.v1alpha1.security-profiles-operator.x-k8s.io",
                  name,
                  "-n",
                  "team-a",
                  "-o",
                  "jsonpath={.apiVersion}"))
          .isEqualTo("security-profiles-operator.x-k8s.io/v1alpha1");
    }
  }

  // Shared case C03: a version the cluster no longer serves is a per-object error, not "missing".
  @Test
  void unservedVersionIsAnErrorNamingTheServedOnes(LocalCluster cluster) {
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "old",
          Map.of(
              "old.yaml",
              """
              apiVersion: security-profiles-operator.x-k8s.io/v1alpha9
              kind: SeccompProfile
              metadata: {name: ancient}
              spec: {defaultAction: SCMP_ACT_LOG}
              """));
      var result = new SyncHarness(cluster, repo.root(), List.of()).diff();

      assertThat(result.objects()).isEmpty();
      assertThat(result.problems())
          .extracting(Problem::toString)
          .containsExactly(
              "old.yaml:1: SeccompProfile/ancient: apiVersion"
                  + " security-profiles-operator.x-k8s.io/v1alpha9 is not served by the cluster"
                  + " (served: v1, v1beta1); change apiVersion");
      assertThat(result.hasErrors()).isTrue();
    }
  }

  // Generation-A manifests on a generation-C cluster: both differences are errors, never silent.
  @Test
  void namespaceOnClusterScopedKindAndDisabledFieldAreErrors(LocalCluster cluster) {
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "old style",
          Map.of(
              "old.yaml",
              """
              apiVersion: security-profiles-operator.x-k8s.io/v1beta1
              kind: SeccompProfile
              metadata: {name: scoped, namespace: team-a}
              spec: {defaultAction: SCMP_ACT_LOG}
              ---
              apiVersion: security-profiles-operator.x-k8s.io/v1beta1
              kind: SeccompProfile
              metadata: {name: switched-off}
              spec: {defaultAction: SCMP_ACT_LOG, disabled: true}
              """));
      var harness = new SyncHarness(cluster, repo.root(), List.of());

      var result = harness.apply();

      assertThat(result.objects()).isEmpty();
      assertThat(result.problems())
          .extracting(Problem::toString)
          .containsExactly(
              ("old.yaml:1: SeccompProfile/scoped has namespace team-a, but SeccompProfile is"
                      + " cluster-scoped on this")
                  + (" cluster (SPO 0.9.0 and later); remove metadata.namespace and keep names"
                      + " unique cluster-wide, or run seccomp-sync migrate --to C"),
              ("old.yaml:6: SeccompProfile/switched-off: spec.disabled is not served by this"
                      + " cluster and would be")
                  + (" dropped; write spec.state: Disabled instead (SPO 1.0 replaced disabled"
                      + " with state), or run seccomp-sync migrate --to C"));
      assertThat(harness.requests().writes()).isZero();
    }
  }

  // Shared case C21: the order inside set-typed lists is not drift; the order of rules is.
  @Test
  void setOrderIsNotDriftButRuleOrderIs(LocalCluster cluster) {
    var name = LocalCluster.uniqueName("web");
    // As an earlier apply from Git left it, with the set lists in another order.
    var earlier =
        profile(name, "[SCMP_ARCH_X86_64, SCMP_ARCH_X86]", "[close, openat, read, write]", false);
    cluster.kubectlApply(
        "seccomp-sync",
        earlier.replace("metadata: {name: %s}".formatted(name), ours(name, "web.yaml")));
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "web",
          Map.of(
              "web.yaml",
              profile(
                  name,
                  "[SCMP_ARCH_X86, SCMP_ARCH_X86_64]",
                  "[write, read, close, openat]",
                  false)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());

      assertThat(single(harness.diff().objects()).action()).isEqualTo(Action.UNCHANGED);
      assertThat(harness.requests().total())
          .isEqualTo(
              harness.requests().byVerb().getOrDefault("LIST", 0L)
                  + harness.requests().byVerb().getOrDefault("GET", 0L));

      repo.commit(
          "swap rules",
          Map.of(
              "web.yaml",
              profile(
                  name,
                  "[SCMP_ARCH_X86, SCMP_ARCH_X86_64]",
                  "[write, read, close, openat]",
                  true)));
      var swapped = single(harness.diff().objects());
      assertThat(swapped.action()).isEqualTo(Action.CONFIGURED);
      assertThat(swapped.message())
          .isEqualTo(
              "rule order only; no syscall is in more than one rule, so the policy is the same");
    }
  }

  // Shared case C19: Docker-format leftovers. A dropped condition is an error; empty ones are not
  // drift.
  @Test
  void emptyLeftoversAreNotDriftAndDroppedConditionsAreErrors(LocalCluster cluster) {
    var name = LocalCluster.uniqueName("from-docker");
    cluster.kubectlApply(
        "seccomp-sync",
        """
        apiVersion: security-profiles-operator.x-k8s.io/v1
        kind: SeccompProfile
        %s
        spec:
          defaultAction: SCMP_ACT_ERRNO
          syscalls:
            - {names: [read, write, close], action: SCMP_ACT_ALLOW}
        """
            .formatted(ours(name, "docker.yaml")));
    try (var repo = GitRepos.init(directory)) {
      repo.commit("from docker", Map.of("docker.yaml", docker(name, true)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());

      var widened = harness.diff();
      assertThat(widened.objects()).isEmpty();
      assertThat(widened.problems())
          .filteredOn(Problem::isError)
          .extracting(Problem::message)
          .containsExactly(
              ("SeccompProfile/%s: spec.syscalls[1].includes is not in the"
                          + " security-profiles-operator.x-k8s.io/v1 schema;")
                      .formatted(name)
                  + " the server would drop the condition and the rule would apply to every"
                  + " container; split the rule or remove it");

      repo.commit("drop the conditional rule", Map.of("docker.yaml", docker(name, false)));
      var fixed = harness.diff();
      assertThat(single(fixed.objects()).action()).isEqualTo(Action.UNCHANGED);
      assertThat(fixed.problems())
          .extracting(Problem::message)
          .containsExactlyInAnyOrder(
              ("SeccompProfile/%s: spec.syscalls[0].comment is not in the"
                      + " security-profiles-operator.x-k8s.io/v1 schema and the server drops it;"
                      + " remove it")
                  .formatted(name),
              ("SeccompProfile/%s: spec.syscalls[0].includes is not in the"
                      + " security-profiles-operator.x-k8s.io/v1 schema and the server drops it;"
                      + " remove it")
                  .formatted(name),
              ("SeccompProfile/%s: spec.syscalls[0].excludes is not in the"
                      + " security-profiles-operator.x-k8s.io/v1 schema and the server drops it;"
                      + " remove it")
                  .formatted(name));
      assertThat(single(harness.apply().objects()).action()).isEqualTo(Action.UNCHANGED);
      assertThat(harness.requests().writes()).isZero();
    }
  }

  /** The metadata seccomp-sync gives an object applied from {@code source}. */
  private static String ours(String name, String source) {
    return "metadata: {name: %s, labels: {app.kubernetes.io/managed-by: seccomp-sync},"
            .formatted(name)
        + " annotations: {seccomp-sync.dev/source: %s}}".formatted(source);
  }

  private static ObjectResult single(List<ObjectResult> results) {
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  private static String profile(String name, String architectures, String names, boolean swapped) {
    var allow = "- {action: SCMP_ACT_ALLOW, names: " + names + "}";
    var deny = "- {action: SCMP_ACT_ERRNO, errnoRet: 1, names: [ptrace]}";
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata: {name: %s}
    spec:
      defaultAction: SCMP_ACT_ERRNO
      architectures: %s
      syscalls:
        %s
        %s
    """
        .formatted(name, architectures, swapped ? deny : allow, swapped ? allow : deny);
  }

  private static String docker(String name, boolean withCondition) {
    var conditional =
        """
            - names: [mount, umount2, unshare]
              action: SCMP_ACT_ALLOW
              args: []
              comment: "only with CAP_SYS_ADMIN"
              includes:
                caps: [CAP_SYS_ADMIN]
              excludes: {}
        """;
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata:
      name: %s
      annotations: {}
    spec:
      defaultAction: SCMP_ACT_ERRNO
      flags: []
      syscalls:
        - names: [read, write, close]
          action: SCMP_ACT_ALLOW
          args: []
          comment: ""
          includes: {}
          excludes: {}
    %s\
    """
        .formatted(name, withCondition ? conditional : "");
  }
}

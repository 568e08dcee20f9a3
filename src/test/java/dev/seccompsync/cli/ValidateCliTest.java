package dev.seccompsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import dev.seccompsync.testing.SarifSchema;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code validate} as CI runs it: exit codes, JSON, and SARIF that the SARIF schema accepts. */
class ValidateCliTest {

  @TempDir Path directory;

  private static final String TYPO =
      """
      apiVersion: security-profiles-operator.x-k8s.io/v1
      kind: SeccompProfile
      metadata:
        name: web
      spec:
        defaultAction: SCMP_ACT_ALLOW
        architectures: [SCMP_ARCH_X86_64]
        syscalls:
          - action: SCMP_ACT_ERRNO
            errnoRet: 1
            names: [ptrace, opneat]
      """;

  private static final String CLEAN =
      """
      apiVersion: security-profiles-operator.x-k8s.io/v1
      kind: SeccompProfile
      metadata:
        name: web
      spec:
        defaultAction: SCMP_ACT_ERRNO
        syscalls:
          - action: SCMP_ACT_ALLOW
            names: [read, write, socketcall]
      """;

  @Test
  void findingsInTextJsonAndSarif() {
    try (var repo = GitRepos.init(directory)) {
      repo.commit("typo", Map.of("profiles/web.yaml", TYPO));
      var root = repo.root().toString();

      var text = CliRun.of("validate", "--repo", root);
      assertThat(text.exitCode()).isEqualTo(1);
      assertThat(text.out())
          .startsWith(
              "profiles/web.yaml:11: error: SeccompProfile/web /spec/syscalls/0/names/1: rule 1"
                  + " (SCMP_ACT_ERRNO) names opneat, which the kernel does not know for"
                  + " SCMP_ARCH_X86_64; with defaultAction SCMP_ACT_ALLOW a typo here leaves the"
                  + " call allowed; did you mean openat?\n")
          .contains(
              "validate: 1 error, 0 warnings, 0 notes in 1 object, 1 file (generation C:"
                  + " guessed: the current generation;");

      var json =
          JsonMapper.builder()
              .build()
              .readTree(CliRun.of("validate", "--repo", root, "-o", "json").out());
      assertThat(json.path("summary").path("errors").asInt()).isEqualTo(1);
      var finding = json.path("findings").get(0);
      assertThat(finding.path("rule").asString()).isEqualTo("unknown-syscall");
      assertThat(finding.path("line").asInt()).isEqualTo(11);
      assertThat(finding.path("pointer").asString()).isEqualTo("/spec/syscalls/0/names/1");
      assertThat(finding.path("fix").asString()).isEqualTo("did you mean openat?");

      var sarif = CliRun.of("validate", "--repo", root, "-o", "sarif");
      assertThat(sarif.exitCode()).isEqualTo(1);
      assertThat(SarifSchema.violations(sarif.out())).isEmpty();
      var log = JsonMapper.builder().build().readTree(sarif.out());
      var result = log.path("runs").get(0).path("results").get(0);
      assertThat(result.path("ruleId").asString()).isEqualTo("unknown-syscall");
      assertThat(result.path("level").asString()).isEqualTo("error");
      assertThat(
              result
                  .path("locations")
                  .get(0)
                  .path("physicalLocation")
                  .path("region")
                  .path("startLine")
                  .asInt())
          .isEqualTo(11);
    }
  }

  @Test
  void warningsPassUnlessFailOnWarning() {
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "clean but for x86",
          Map.of(
              "profiles/web.yaml",
              CLEAN
                  .replace("    names:", "    names:")
                  .replace("spec:\n", "spec:\n  architectures: [SCMP_ARCH_AARCH64]\n")));
      var root = repo.root().toString();
      var lenient = CliRun.of("validate", "--repo", root);
      assertThat(lenient.exitCode()).as(lenient.out()).isZero();
      assertThat(lenient.out())
          .contains(
              "rule 1 names socketcall, which SCMP_ARCH_AARCH64 does not have (other architectures"
                  + " do); it matches nothing there");
      assertThat(CliRun.of("validate", "--repo", root, "--fail-on", "warning").exitCode())
          .isEqualTo(1);
      var sarif = CliRun.of("validate", "--repo", root, "-o", "sarif");
      assertThat(SarifSchema.violations(sarif.out())).isEmpty();
    }
  }

  @Test
  void badFlagsAndAMissingRepositoryAreErrors() {
    var generation = CliRun.of("validate", "--repo", directory.toString(), "--generation", "D");
    assertThat(generation.exitCode()).isEqualTo(2);
    assertThat(generation.err()).startsWith("error: --generation must be A, B or C, not 'D'");
    var failOn = CliRun.of("validate", "--repo", directory.toString(), "--fail-on", "note");
    assertThat(failOn.err()).startsWith("error: --fail-on must be error or warning, not 'note'");
    var missing = CliRun.of("validate", "--repo", directory.resolve("nope").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).startsWith("error: repository ");
  }

  /** With a cluster: references resolve against live objects, namespaces' labels are read. */
  @Nested
  @RealCluster(SpoGeneration.A)
  class AgainstACluster {

    @Test
    void liveOnlyReferencesAndInertNamespaces(LocalCluster cluster) {
      var live = LocalCluster.uniqueName("live-only");
      cluster.kubectlApply(
          "someone",
          """
          apiVersion: security-profiles-operator.x-k8s.io/v1beta1
          kind: SeccompProfile
          metadata: {name: %s, namespace: team-a}
          spec: {defaultAction: SCMP_ACT_ERRNO}
          """
              .formatted(live));
      var binding = LocalCluster.uniqueName("binding");
      try (var repo = GitRepos.init(directory)) {
        repo.commit(
            "binding",
            Map.of(
                "team-a/binding.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
                kind: ProfileBinding
                metadata: {name: %s, namespace: team-a}
                spec:
                  image: registry.example.com/web:1
                  profileRef: {kind: SeccompProfile, name: %s}
                """
                    .formatted(binding, live)));
        var run =
            CliRun.of(
                "validate",
                "--repo",
                repo.root().toString(),
                "--kubeconfig",
                cluster.kubeconfig().toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
            .contains(
                ("team-a/binding.yaml:6: note: ProfileBinding/team-a/%s /spec/profileRef/name:"
                        + " depends on unmanaged object SeccompProfile/team-a/%s (in the cluster,"
                        + " not in Git)")
                    .formatted(binding, live))
            .contains(
                ("team-a/binding.yaml:3: warning: ProfileBinding/team-a/%s /metadata/namespace:"
                        + " namespace team-a has"
                        + " no spo.x-k8s.io/enable-binding label, so SPO ignores this"
                        + " ProfileBinding; kubectl label namespace team-a"
                        + " spo.x-k8s.io/enable-binding=true")
                    .formatted(binding))
            .contains("(generation A: the cluster's");
      }
    }
  }
}

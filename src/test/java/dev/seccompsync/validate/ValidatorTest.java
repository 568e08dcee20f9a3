package dev.seccompsync.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seccompsync.cluster.BundledCatalog;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.sync.SourceLoader;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks of {@code validate}, with file, line, object and fix asserted. */
class ValidatorTest {

  static final Path CASES = LocalCluster.projectDirectory().resolve("../shared/cases");

  @TempDir Path directory;

  @Test
  void seededRepositoryFindsEveryProblemAtItsLine() {
    var result =
        validate(
            SpoGeneration.C,
            Map.of(
                "profiles/typos.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata:
                  name: typos
                spec:
                  defaultAction: SCMP_ACT_ALLOW
                  architectures: [amd64, SCMP_ARCH_AARCH64]
                  syscalls:
                    - action: SCMP_ACT_ERRNO
                      errnoRet: 1
                      names:
                        - mkdirat
                        - unlnkat
                        - ""
                    - action: SCMP_ACT_LOG
                      names: [read, raed]
                  baseProfileName: missing-base
                  flavour: spicy
                """,
                "profiles/cycle.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: a}
                spec: {defaultAction: SCMP_ACT_ERRNO, baseProfileName: b}
                ---
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: b}
                spec: {defaultAction: SCMP_ACT_ERRNO, baseProfileName: a}
                ---
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: external}
                spec: {defaultAction: SCMP_ACT_ERRNO, baseProfileName: "oci://ghcr.io/x/y:1"}
                """,
                "bindings/web.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: ProfileBinding
                metadata: {name: web, namespace: shop}
                spec:
                  image: registry.example.com/web:1
                  profileRef: {kind: SeccompProfile, name: typo}
                ---
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: ProfileBinding
                metadata: {name: idle, namespace: shop}
                spec:
                  image: registry.example.com/idle:1
                  profileRef: {kind: SeccompProfile, name: disabled-one}
                ---
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: disabled-one}
                spec: {defaultAction: SCMP_ACT_ERRNO, state: Disabled}
                """));
    assertThat(lines(result))
        .containsExactly(
            "bindings/web.yaml:6: error: ProfileBinding/shop/web /spec/profileRef/name: profileRef"
                + " names SeccompProfile typo, which is neither in the repository nor known offline"
                + " (pass --kubeconfig); SPO skips the binding and pods run without the profile;"
                + " did you mean typos?",
            "bindings/web.yaml:13: warning: ProfileBinding/shop/idle /spec/profileRef/name: binds"
                + " SeccompProfile/disabled-one, which is disabled; pods get no profile; enable the"
                + " profile or remove the binding",
            "profiles/cycle.yaml:4: error: SeccompProfile/a /spec/baseProfileName: baseProfileName"
                + " cycle a -> b -> a; the operator cannot resolve it; break the cycle",
            "profiles/cycle.yaml:9: error: SeccompProfile/b /spec/baseProfileName: baseProfileName"
                + " cycle b -> a -> b; the operator cannot resolve it; break the cycle",
            "profiles/cycle.yaml:14: note: SeccompProfile/external /spec/baseProfileName: base"
                + " profile oci://ghcr.io/x/y:1 is an OCI artifact; it is not verified offline",
            "profiles/typos.yaml:7: error: SeccompProfile/typos /spec/architectures/0:"
                + " architecture amd64 is not an allowed value; the CRD only accepts SCMP_ARCH_*"
                + " names; use SCMP_ARCH_X86_64",
            "profiles/typos.yaml:13: error: SeccompProfile/typos /spec/syscalls/0/names/1: rule 1"
                + " (SCMP_ACT_ERRNO) names unlnkat, which the kernel does not know for"
                + " SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64; with defaultAction SCMP_ACT_ALLOW a typo"
                + " here leaves the call allowed; did you mean unlinkat?",
            "profiles/typos.yaml:14: error: SeccompProfile/typos /spec/syscalls/0/names/2: rule 1"
                + " has an empty syscall name; remove it",
            "profiles/typos.yaml:16: warning: SeccompProfile/typos /spec/syscalls/1/names/1: rule"
                + " 2 names raed, which the kernel does not know for SCMP_ARCH_X86_64,"
                + " SCMP_ARCH_AARCH64; it matches nothing; did you mean read?",
            "profiles/typos.yaml:17: error: SeccompProfile/typos /spec/baseProfileName:"
                + " baseProfileName missing-base names no SeccompProfile in the repository; create"
                + " it or fix the name",
            "profiles/typos.yaml:18: error: SeccompProfile/typos /spec/flavour: unknown field"
                + " flavour; the server drops it without a word; remove it, or check its spelling");
  }

  @Test
  void aChainDeeperThanTheOperatorFollowsAndABaseInAnotherNamespace() {
    var chain = new StringBuilder();
    for (int i = 0; i <= 17; i++) {
      chain.append(
          """
          ---
          apiVersion: security-profiles-operator.x-k8s.io/v1beta1
          kind: SeccompProfile
          metadata: {name: p%d, namespace: team-a}
          spec: {defaultAction: SCMP_ACT_ERRNO%s}
          """
              .formatted(i, i < 17 ? ", baseProfileName: p" + (i + 1) : ""));
    }
    var result =
        validate(
            SpoGeneration.A,
            Map.of(
                "chain.yaml",
                chain.toString(),
                "other.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                metadata: {name: child, namespace: shop}
                spec: {defaultAction: SCMP_ACT_ERRNO, baseProfileName: p17}
                """));
    assertThat(lines(result))
        .containsExactly(
            "chain.yaml:5: error: SeccompProfile/team-a/p0 /spec/baseProfileName: the chain of"
                + " base profiles is deeper than 15, the most the operator follows; flatten the"
                + " chain",
            "chain.yaml:10: error: SeccompProfile/team-a/p1 /spec/baseProfileName: the chain of"
                + " base profiles is deeper than 15, the most the operator follows; flatten the"
                + " chain",
            "other.yaml:4: error: SeccompProfile/shop/child /spec/baseProfileName: base profile"
                + " p17 is in namespace team-a; in this generation a base must be in the profile's"
                + " own namespace shop; move one of them");
  }

  @Test
  void wrongShapesAreFindingsAndTheOtherObjectsAreStillChecked() {
    var result =
        validate(
            SpoGeneration.C,
            Map.of(
                "shapes.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: map-names}
                spec:
                  defaultAction: SCMP_ACT_ERRNO
                  syscalls:
                    - action: SCMP_ACT_ALLOW
                      names: {read: 1}
                ---
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: huge-errno}
                spec:
                  defaultAction: SCMP_ACT_ERRNO
                  syscalls:
                    - action: SCMP_ACT_ERRNO
                      errnoRet: 99999999999999999999999
                      names: [ptrace]
                ---
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: Not_A_Name}
                spec: {defaultAction: SCMP_ACT_ERRNO}
                """,
                ".github/workflows/ci.yaml",
                String.join("\n", "on: push", "jobs: {}", ""),
                "copy.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: huge-errno}
                spec: {defaultAction: SCMP_ACT_LOG}
                """));
    assertThat(lines(result))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "shapes.yaml:8: error: SeccompProfile/map-names /spec/syscalls/0/names:"
                            + " {\"read\":1} is a mapping; the field is a list"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "shapes.yaml:17: error: SeccompProfile/huge-errno"
                            + " /spec/syscalls/0/errnoRet: rule 1: errnoRet:"
                            + " 99999999999999999999999 is outside 0..4095"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "shapes.yaml:22: error: SeccompProfile/Not_A_Name"
                            + " /metadata/name: metadata.name Not_A_Name is not a DNS subdomain"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "shapes.yaml:12: error: SeccompProfile/huge-errno /metadata/name:"
                            + " SeccompProfile/huge-errno is also defined at copy.yaml:1; neither"
                            + " is applied"))
        .noneSatisfy(l -> assertThat(l).contains("internal"));
    assertThat(result.findings()).noneMatch(f -> f.path().startsWith(".github"));
  }

  @Test
  void theDaemonsSecurityLimitsOfSpo1AreReadToo() {
    var result =
        validate(
            SpoGeneration.C,
            Map.of(
                "spod.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SecurityProfilesOperatorDaemon
                metadata: {name: spod, namespace: security-profiles-operator}
                spec:
                  security:
                    allowedSyscalls: [read, write]
                """,
                "profile.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: wide}
                spec:
                  defaultAction: SCMP_ACT_ERRNO
                  syscalls:
                    - action: SCMP_ACT_ALLOW
                      names: [read, mount]
                """));
    assertThat(lines(result))
        .anySatisfy(l -> assertThat(l).contains("rule 1 allows mount, outside allowedSyscalls"));
  }

  @Test
  void sharedCaseC08ConflictingActionsAndADuplicateName() throws IOException {
    var result = validateCase("C08", SpoGeneration.A);
    assertThat(lines(result))
        .containsExactly(
            "team-a/batch.yaml:13: warning: SeccompProfile/team-a/batch /spec/syscalls/1/names/0:"
                + " mount appears in rule 1 (SCMP_ACT_ALLOW) and rule 2 (SCMP_ACT_ERRNO); runtimes"
                + " use the first match, so the effective action is SCMP_ACT_ALLOW and rule 2's"
                + " entry has no effect; keep mount in one rule",
            "team-a/batch.yaml:15: error: SeccompProfile/team-a/batch /spec/syscalls/2/names/1:"
                + " \"close\" is listed twice; the list is a set, so the API server refuses the"
                + " object; remove the duplicate");
  }

  @Test
  void sharedCaseC11ErrnoRet() throws IOException {
    var result = validateCase("C11", SpoGeneration.A);
    assertThat(lines(result))
        .containsExactly(
            "team-a/errno.yaml:10: error: SeccompProfile/team-a/errno-cases"
                + " /spec/syscalls/0/errnoRet: rule 1: errnoRet: 65536 is outside 0..4095; the"
                + " kernel would not report it as an error (seccomp keeps 16 bits, so it becomes"
                + " 0, a success); use an errno such as 1 (EPERM) or 38 (ENOSYS)",
            "team-a/errno.yaml:13: warning: SeccompProfile/team-a/errno-cases"
                + " /spec/syscalls/1/errnoRet: rule 2: errnoRet has no effect with SCMP_ACT_ALLOW;"
                + " remove it",
            "team-a/errno.yaml:16: error: SeccompProfile/team-a/errno-cases"
                + " /spec/syscalls/2/errnoRet: \"38\" is a string; the field is an integer; write"
                + " it without quotes: 38",
            "team-a/errno.yaml:19: warning: SeccompProfile/team-a/errno-cases"
                + " /spec/syscalls/3/errnoRet: rule 4: errnoRet: 0 with SCMP_ACT_ERRNO makes"
                + " unshare return success without running; usually a mistake; use 1 (EPERM) or 38"
                + " (ENOSYS)");
  }

  @Test
  void sharedCaseC01BindingToAMissingProfile() throws IOException {
    var result = validateCase("C01", SpoGeneration.A);
    assertThat(lines(result))
        .containsExactly(
            "team-a/web-profiles.yaml:20: error: ProfileBinding/team-a/web-binding"
                + " /spec/profileRef/name: profileRef names SeccompProfile"
                + " team-a/audit-only-strict, which is neither in the repository nor known offline"
                + " (pass --kubeconfig); SPO skips the binding and pods run without the profile;"
                + " did you mean audit-only?");
    assertThat(result.fails(Finding.Severity.ERROR)).isTrue();
  }

  @Test
  void sharedCaseC10ArchitectureSpellings() throws IOException {
    var result = validateCase("C10", SpoGeneration.A);
    assertThat(lines(result))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("architecture amd64 is not an allowed value")
                    .endsWith("use SCMP_ARCH_X86_64"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("architecture aarch64 is not an allowed value")
                    .endsWith("use SCMP_ARCH_AARCH64"));
  }

  @Test
  void generationCNamesTheMigrationForOldManifests() {
    var result =
        validate(
            SpoGeneration.C,
            Map.of(
                "old.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                metadata:
                  name: old
                  namespace: team-a
                spec:
                  defaultAction: SCMP_ACT_ERRNO
                  disabled: true
                ---
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                metadata:
                  name: old
                  namespace: team-b
                spec:
                  defaultAction: SCMP_ACT_ERRNO
                """));
    assertThat(lines(result))
        .containsExactly(
            "old.yaml:5: error: SeccompProfile/team-a/old /metadata/namespace: SeccompProfile is"
                + " cluster-scoped in generation C, but has metadata.namespace team-a; run"
                + " seccomp-sync migrate --to C",
            "old.yaml:8: error: SeccompProfile/team-a/old /spec/disabled: spec.disabled is gone in"
                + " generation C: the server drops it, so the profile stays enabled (it is"
                + " spec.state: Disabled now); run seccomp-sync migrate --to C",
            "old.yaml:13: error: SeccompProfile/team-b/old /metadata/name: SeccompProfile old is"
                + " also defined in namespace team-a (old.yaml:1); SeccompProfile is cluster-scoped"
                + " in this generation, so both are one object; rename one; seccomp-sync migrate"
                + " renames on such collisions",
            "old.yaml:14: error: SeccompProfile/team-b/old /metadata/namespace: SeccompProfile is"
                + " cluster-scoped in generation C, but has metadata.namespace team-b; run"
                + " seccomp-sync migrate --to C");
  }

  @Test
  void theOperatorsAllowedSyscallsAndActions() {
    var result =
        validate(
            SpoGeneration.C,
            Map.of(
                "spod.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
                kind: SecurityProfilesOperatorDaemon
                metadata: {name: spod, namespace: security-profiles-operator}
                spec:
                  allowedSyscalls: [exit, exit_group, futex, nanosleep]
                  allowedSeccompActions: [SCMP_ACT_ALLOW, SCMP_ACT_ERRNO]
                """,
                "profile.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: denied}
                spec:
                  defaultAction: SCMP_ACT_ERRNO
                  syscalls:
                    - action: SCMP_ACT_ALLOW
                      names: [exit, bpf]
                    - action: SCMP_ACT_LOG
                      names: [acct]
                """));
    assertThat(lines(result))
        .filteredOn(l -> l.contains("operator"))
        .containsExactly(
            "profile.yaml:8: error: SeccompProfile/denied /spec/syscalls/0/names: rule 1 allows"
                + " bpf, outside allowedSyscalls of the operator's configuration (spod.yaml:1); the"
                + " operator deletes such profiles; change the profile, or the daemon"
                + " configuration",
            "profile.yaml:9: error: SeccompProfile/denied /spec/syscalls/1/action: rule 2's action"
                + " SCMP_ACT_LOG is not in allowedSeccompActions of the operator's configuration"
                + " (spod.yaml:1); the operator deletes such profiles; change the profile, or the"
                + " daemon configuration");
  }

  private ValidationResult validateCase(String name, SpoGeneration generation) throws IOException {
    var repo = CASES.resolve(name).resolve("repo");
    assumeTrue(Files.isDirectory(repo), "the shared cases are not next to the project");
    var files = new LinkedHashMap<String, String>();
    try (Stream<Path> walk = Files.walk(repo)) {
      for (var file : walk.filter(Files::isRegularFile).toList()) {
        files.put(repo.relativize(file).toString(), Files.readString(file));
      }
    }
    return validate(generation, files);
  }

  private ValidationResult validate(SpoGeneration generation, Map<String, String> files) {
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit("files", files);
      var source =
          new SourceLoader(new GitSource(directory.resolve("cache"), null), LoadOptions.defaults())
              .load(new SourceSpec(repo.root().toString(), null, List.of()));
      return new Validator(
              BundledCatalog.of(generation), new FakeSyscalls(), LiveObjects.NONE, List.of())
          .validate(source.snapshot(), source.manifests(), source.problems(), "test");
    }
  }

  static List<String> lines(ValidationResult result) {
    return result.findings().stream()
        .filter(f -> !f.rule().equals("load"))
        .map(Finding::oneLine)
        .toList();
  }
}

package dev.seccompsync.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seccompsync.testing.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Recording to proposal without a cluster or a host: the shared real-world case of a CRLF profile
 * (read from {@code ../shared/cases} when it is next to the project), and the decisions about what
 * is proposed at all.
 */
class PromotionCasesTest {

  private static final Path CASES = LocalCluster.projectDirectory().resolve("../shared/cases");
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private static final Proposer PROPOSER =
      new Proposer(
          new Proposer.Options(null, false, true, "security-profiles-operator.x-k8s.io/v1beta1"));

  /** What a recording proposes against a repository holding one file, {@code p/web.yaml}. */
  static Proposal propose(Proposer proposer, String webYaml, RecordedProfile live) {
    return proposer.propose(
        recording(Recordings.Options.defaults(), live),
        Map.of("p/web.yaml", webYaml.getBytes(StandardCharsets.UTF_8)));
  }

  static RecordedProfile recorded(String yaml) {
    return RecordedProfile.of((ObjectNode) YAML.readTree(yaml));
  }

  static Recording recording(Recordings.Options options, RecordedProfile... profiles) {
    var recordings = new Recordings(options).group(List.of(profiles));
    assertThat(recordings).hasSize(1);
    return recordings.get(0);
  }

  @Test
  void c18ACrlfProfileGainsExactlyOneLineWithItsCommentsAndLineEndings() throws Exception {
    var dir = CASES.resolve("C18");
    assumeTrue(Files.isDirectory(dir), "shared case C18 is not next to the project");
    var path = "profiles/team-a/web.yaml";
    var inGit = Files.readAllBytes(dir.resolve("repo").resolve(path));
    var live = recorded(Files.readString(dir.resolve("cluster/web-recorded.yaml")));

    var proposal =
        PROPOSER.propose(recording(Recordings.Options.defaults(), live), Map.of(path, inGit));

    var before = new String(inGit, StandardCharsets.UTF_8);
    var after = new String(proposal.files().get(path), StandardCharsets.UTF_8);
    assertThat(proposal.files()).containsOnlyKeys(path);
    assertThat(after).isEqualTo(before.replace("- close\r\n", "- close\r\n        - futex\r\n"));
    assertThat(SyscallsEditorTest.LineDiff.between(before, after))
        .isEqualTo(new SyscallsEditorTest.LineDiff(1, 0));
    assertThat(after).contains("# keep sorted").startsWith("# Web tier profile");
    assertThat(after.endsWith("\r\n")).isEqualTo(before.endsWith("\r\n"));
    var change = proposal.changes().get(0);
    assertThat(change.added()).containsExactly("futex");
    assertThat(change.newProfile()).isFalse();
    assertThat(change.notes()).isEmpty();
  }

  @Test
  void c18WithEolLfInGitattributesTheFileIsNormalizedAndThePullRequestSaysSo() throws Exception {
    var dir = CASES.resolve("C18");
    assumeTrue(Files.isDirectory(dir), "shared case C18 is not next to the project");
    var path = "profiles/team-a/web.yaml";
    var files = new LinkedHashMap<String, byte[]>();
    files.put(path, Files.readAllBytes(dir.resolve("repo").resolve(path)));
    files.put(".gitattributes", "profiles/** text eol=lf\n".getBytes(StandardCharsets.UTF_8));
    var live = recorded(Files.readString(dir.resolve("cluster/web-recorded.yaml")));

    var proposal = PROPOSER.propose(recording(Recordings.Options.defaults(), live), files);

    var after = new String(proposal.files().get(path), StandardCharsets.UTF_8);
    assertThat(after).doesNotContain("\r").contains("  - close\n        - futex\n");
    assertThat(proposal.changes().get(0).notes())
        .containsExactly("line endings changed to LF, as .gitattributes asks for " + path);
    var body = PullRequestBody.render(proposal, "https://git.example/p.git", "main", 65536);
    assertThat(body).contains("- Note: line endings changed to LF, as .gitattributes asks for");
  }

  private static List<RecordedProfile> fixture(String name) throws Exception {
    var file = CASES.resolve("../fixtures/spo/recorded").resolve(name);
    assumeTrue(Files.isRegularFile(file), "SPO fixture " + name + " is not next to the project");
    var profiles = new java.util.ArrayList<RecordedProfile>();
    for (var document : Files.readString(file).split("(?m)^---$")) {
      var tree = YAML.readTree(document);
      if (tree instanceof ObjectNode object
          && "SeccompProfile".equals(object.path("kind").asString())) {
        profiles.add(RecordedProfile.of(object));
      }
    }
    return profiles;
  }

  @Test
  void mergingTheOperatorsPartialsHereGivesWhatTheOperatorMerges() throws Exception {
    var partials = fixture("synthetic-live-partials-containers.yaml");
    var merged = fixture("synthetic-live-merged-containers.yaml").get(0);

    var waiting = new Recordings(Recordings.Options.defaults()).group(partials).get(0);
    var here = new Recordings(new Recordings.Options(true, false, null)).group(partials).get(0);
    var operators = new Recordings(Recordings.Options.defaults()).group(List.of(merged)).get(0);

    assertThat(waiting.pendingPartials()).isEqualTo(2);
    assertThat(waiting.key()).isEqualTo("shop/rec-api");
    var mine = here.profiles().get(0);
    var theirs = operators.profiles().get(0);
    // The operator's merged object has no container label; its name says the container.
    assertThat(theirs.container()).isEqualTo("server");
    assertThat(mine.name()).isEqualTo(theirs.name()).isEqualTo("rec-api-server");
    assertThat(mine.syscalls().byName()).isEqualTo(theirs.syscalls().byName());
    assertThat(new SyscallUnion().add(merged.object().path("spec").path("syscalls")).onePerName())
        .isEqualTo(mine.syscalls().onePerName());
    assertThat(theirs.coverage()).contains("\"mknod\":1");
    assertThat(PullRequestBody.coverage(theirs.coverage(), List.of("futex", "mknod")))
        .isEqualTo("`futex` 2/2, `mknod` 1/2");
  }

  private static final String GIT_WEB =
      String.join(
          "\n",
          "apiVersion: security-profiles-operator.x-k8s.io/v1beta1",
          "kind: SeccompProfile",
          "metadata:",
          "  name: web",
          "  namespace: team-a",
          "spec:",
          "  defaultAction: SCMP_ACT_ERRNO",
          "  syscalls:",
          "  - action: SCMP_ACT_ALLOW",
          "    names:",
          "    - close",
          "    - futex",
          "    - openat",
          "    - read",
          "    - write",
          "");

  private static String live(String name, String labels, String names) {
    return String.join(
        "\n",
        "apiVersion: security-profiles-operator.x-k8s.io/v1beta1",
        "kind: SeccompProfile",
        "metadata:",
        "  name: " + name,
        "  namespace: team-a",
        "  labels: {spo.x-k8s.io/recording-id: web-rec" + labels + "}",
        "  resourceVersion: '12'",
        "  finalizers: [worker-a-deleted]",
        "  annotations: {syscalls: '[]', team: payments}",
        "spec:",
        "  defaultAction: SCMP_ACT_ERRNO",
        "  syscalls:",
        "  - action: SCMP_ACT_ALLOW",
        "    names: [" + names + "]",
        "status: {status: Installed}",
        "");
  }

  @Test
  void aRecordingWithNothingNewProposesNothingEvenWhenItUsedFewerSyscalls() {
    var live = recorded(live("web", "", "read, close"));

    var proposal = propose(PROPOSER, GIT_WEB, live);

    assertThat(proposal.isEmpty()).isTrue();
    assertThat(proposal.changes()).isEmpty();
  }

  @Test
  void aDenyInGitStaysADenyWhenTheRecordingAllowsTheSyscall() {
    var git =
        GIT_WEB.replace(
            "    - write\n",
            "    - write\n  # ptrace stays blocked\n  - action: SCMP_ACT_ERRNO\n    names:\n"
                + "    - ptrace\n");
    var live = recorded(live("web", "", "read, ptrace, socket"));

    var proposal = propose(PROPOSER, git, live);

    assertThat(proposal.changes().get(0).added()).containsExactly("socket");
    assertThat(new String(proposal.files().get("p/web.yaml"), StandardCharsets.UTF_8))
        .isEqualTo(git.replace("    - read\n", "    - read\n    - socket\n"));
  }

  private static final String GIT_WITH_DENY =
      String.join(
          "\n",
          "apiVersion: security-profiles-operator.x-k8s.io/v1beta1",
          "kind: SeccompProfile",
          "metadata:",
          "  name: web",
          "  namespace: team-a",
          "spec:",
          "  defaultAction: SCMP_ACT_LOG",
          "  syscalls:",
          "  - action: SCMP_ACT_ALLOW",
          "    names:",
          "    - close",
          "    - read",
          "    - write",
          "  # never allow these",
          "  - action: SCMP_ACT_ERRNO",
          "    names:",
          "    - mount",
          "    - ptrace",
          "  - action: SCMP_ACT_LOG",
          "    names:",
          "    - uname",
          "");

  @Test
  void replacingKeepsGitsDeniesAndRemovesWholeRulesLineByLine() {
    var live = recorded(live("web", "", "read, ptrace, socket"));
    var replacing =
        new Proposer(
            new Proposer.Options(null, true, true, "security-profiles-operator.x-k8s.io/v1"));

    var proposal = propose(replacing, GIT_WITH_DENY, live);

    var change = proposal.changes().get(0);
    assertThat(change.added()).containsExactly("socket");
    assertThat(change.removed()).containsExactly("close", "uname", "write");
    assertThat(change.denied()).containsExactly("ptrace");
    assertThat(change.notes()).isEmpty();
    assertThat(new String(proposal.files().get("p/web.yaml"), StandardCharsets.UTF_8))
        .isEqualTo(
            GIT_WITH_DENY
                .replace("    - close\n    - read\n    - write\n", "    - read\n    - socket\n")
                .replace("  - action: SCMP_ACT_LOG\n    names:\n    - uname\n", ""));
    assertThat(PullRequestBody.render(proposal, "r", "main", 65536))
        .contains(
            "- The recording used 1 syscall Git keeps out (a deny rule, or"
                + " `seccomp-sync.dev/declined-syscalls`); they stay out: `ptrace`")
        .contains("- **Syscalls removed (3):** `close`, `uname`, `write`");
  }

  @Test
  void addingReportsDeniesApartFromWhatGitAllowsUnused() {
    var live = recorded(live("web", "", "read, ptrace, socket"));

    var proposal = propose(PROPOSER, GIT_WITH_DENY, live);

    var change = proposal.changes().get(0);
    assertThat(change.added()).containsExactly("socket");
    assertThat(change.unused()).containsExactly("close", "uname", "write");
    assertThat(change.denied()).containsExactly("ptrace");
  }

  @Test
  void syscallsDeclinedInTheProfilesAnnotationAreNotProposedAgain() {
    var git =
        GIT_WEB.replace(
            "  namespace: team-a\n",
            "  namespace: team-a\n  annotations:\n"
                + "    seccomp-sync.dev/declined-syscalls: \"ptrace, mount\"\n");
    var live = recorded(live("web", "", "read, ptrace, mount, socket"));

    var proposal = propose(PROPOSER, git, live);
    var onlyDeclined =
        PROPOSER.propose(
            recording(
                Recordings.Options.defaults(), recorded(live("web", "", "read, ptrace, mount"))),
            Map.of("p/web.yaml", git.getBytes(StandardCharsets.UTF_8)));

    var change = proposal.changes().get(0);
    assertThat(change.added()).containsExactly("socket");
    assertThat(change.denied()).containsExactly("mount", "ptrace");
    assertThat(onlyDeclined.isEmpty()).isTrue();
  }

  @Test
  void aDeclinedListIsReadForgivinglyAndItsMistakesAreNamed() {
    var git =
        GIT_WEB.replace(
            "  namespace: team-a\n",
            "  namespace: team-a\n  annotations:\n"
                + "    seccomp-sync.dev/declined-syscalls: \"PTRACE; mount clnoe;close\"\n");
    var live = recorded(live("web", "", "read, ptrace, mount, close, socket"));

    var proposal = propose(PROPOSER, git, live);

    var change = proposal.changes().get(0);
    assertThat(change.added()).containsExactly("socket");
    assertThat(change.denied()).containsExactly("mount", "ptrace");
    // close was recorded: it is neither unused nor kept out, though the list names it.
    assertThat(change.unused()).containsExactly("futex", "openat", "write");
    assertThat(change.notes())
        .containsExactly(
            "`clnoe` in seccomp-sync.dev/declined-syscalls is no syscall on any architecture"
                + " (did you mean `clone`?), so it keeps nothing out",
            "`close` is listed in seccomp-sync.dev/declined-syscalls, yet the profile's rules"
                + " allow it; the allow stays until it is removed from the rules");
  }

  @Test
  void replaceDropsWhatTheRecordingDidNotUseAndSaysWhich() {
    var live = recorded(live("web", "", "read, close, write"));
    var replacing =
        new Proposer(
            new Proposer.Options(null, true, true, "security-profiles-operator.x-k8s.io/v1"));

    var proposal = propose(replacing, GIT_WEB, live);

    assertThat(proposal.changes().get(0).removed()).containsExactly("futex", "openat");
    assertThat(new String(proposal.files().get("p/web.yaml"), StandardCharsets.UTF_8))
        .isEqualTo(GIT_WEB.replace("    - futex\n    - openat\n", ""));
  }

  @Test
  void partialsWaitForTheOperatorUnlessMergedHere() {
    var a =
        recorded(
            live(
                "web-rec-app-x1",
                ", spo.x-k8s.io/container-id: app," + " spo.x-k8s.io/partial: 'true'",
                "read, write"));
    var b =
        recorded(
            live(
                "web-rec-app-x2",
                ", spo.x-k8s.io/container-id: app," + " spo.x-k8s.io/partial: 'true'",
                "futex, read"));

    var waiting = recording(Recordings.Options.defaults(), a, b);
    var merged = recording(new Recordings.Options(true, false, null), a, b);

    assertThat(waiting.profiles()).isEmpty();
    assertThat(waiting.pendingPartials()).isEqualTo(2);
    assertThat(merged.profiles()).hasSize(1);
    var profile = merged.profiles().get(0);
    assertThat(profile.name()).isEqualTo("web-rec-app");
    assertThat(profile.mergedPartials()).isTrue();
    assertThat(profile.syscalls().names()).containsExactly("futex", "read", "write");
    assertThat(merged.notes()).singleElement().asString().startsWith("merged 2 partial profiles");
    // Only what people wrote stays; the recorder's and the server's metadata do not.
    assertThat(profile.labels()).isEmpty();
    assertThat(profile.annotations())
        .containsEntry("team", "payments")
        .containsEntry(ProposedProfile.RECORDING_ANNOTATION, "team-a/web-rec")
        .doesNotContainKey("syscalls");
  }

  @Test
  void replicasAreUnitedUnderOneStableNameOrRefusedPerReplica() {
    var a = recorded(live("web-rec-app-k2x9q", ", spo.x-k8s.io/container-id: app", "read"));
    var b = recorded(live("web-rec-app-p4m7z", ", spo.x-k8s.io/container-id: app", "write"));

    var united = recording(Recordings.Options.defaults(), a, b);

    assertThat(united.profiles())
        .singleElement()
        .satisfies(p -> assertThat(p.name()).isEqualTo("web-rec-app"))
        .satisfies(
            p -> assertThat(p.sources()).containsExactly("web-rec-app-k2x9q", "web-rec-app-p4m7z"));
    var perReplica = new Recordings(new Recordings.Options(false, true, null));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> perReplica.group(List.of(a, b)))
        .isInstanceOf(PromotionException.class)
        .hasMessageContaining("container app was recorded in 2 replicas")
        .hasMessageContaining("drop --per-replica");
    var templated = recording(new Recordings.Options(false, false, "{namespace}-{container}"), a);
    assertThat(templated.profiles().get(0).name()).isEqualTo("team-a-app");
  }

  @Test
  void nameTemplatesAreCheckedBeforeAnythingIsRead() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Recordings.Options(false, false, ""))
        .hasMessage(
            "--name-template '': must contain {container}, or the containers of a recording"
                + " share one name");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Recordings.Options(false, false, "{nosuch}-x"))
        .hasMessage(
            "--name-template '{nosuch}-x': unknown placeholder; use {recording}, {container}"
                + " and {namespace}");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Recordings.Options(false, false, "{container}/x"))
        .hasMessageContaining("gives names such as app/x, which Kubernetes refuses");
    assertThat(new Recordings.Options(false, false, "{namespace}.{recording}-{container}"))
        .isNotNull();
  }

  @Test
  void theLessRestrictiveActionWinsAndTheOperatorShapeIsOneNamePerRule() {
    var union =
        new SyscallUnion()
            .add(YAML.readTree("[{action: SCMP_ACT_ERRNO, names: [ptrace, read]}]"))
            .add(YAML.readTree("[{action: SCMP_ACT_ALLOW, names: [write, read]}]"))
            .add(YAML.readTree("[{action: SCMP_ACT_LOG, names: [ptrace]}]"));

    assertThat(union.onePerName().toString())
        .isEqualTo(
            "[{\"action\":\"SCMP_ACT_LOG\",\"names\":[\"ptrace\"]},"
                + "{\"action\":\"SCMP_ACT_ALLOW\",\"names\":[\"read\"]},"
                + "{\"action\":\"SCMP_ACT_ALLOW\",\"names\":[\"write\"]}]");
    assertThat(union.grouped().toString())
        .isEqualTo(
            "[{\"action\":\"SCMP_ACT_ALLOW\",\"names\":[\"read\",\"write\"]},"
                + "{\"action\":\"SCMP_ACT_LOG\",\"names\":[\"ptrace\"]}]");
  }

  @Test
  void anLfsPointerAtTheTargetPathIsNotWrittenOver() {
    var live = recorded(live("web-rec-app", ", spo.x-k8s.io/container-id: app", "read"));
    var pointer =
        String.join(
            "\n",
            "version https://git-lfs.github.com/spec/v1",
            "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393",
            "size 12345",
            "");

    var proposal =
        PROPOSER.propose(
            recording(Recordings.Options.defaults(), live),
            Map.of("profiles/web-rec-app.yaml", pointer.getBytes(StandardCharsets.UTF_8)));

    assertThat(proposal.isEmpty()).isTrue();
    assertThat(proposal.skipped())
        .singleElement()
        .asString()
        .contains("Git LFS pointer, content not available");
  }
}

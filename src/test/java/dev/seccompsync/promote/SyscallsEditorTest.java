package dev.seccompsync.promote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SyscallsEditorTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String CRLF_PROFILE =
      String.join(
          "\r\n",
          "# Web tier profile, reviewed by the platform team",
          "apiVersion: security-profiles-operator.x-k8s.io/v1beta1",
          "kind: SeccompProfile",
          "metadata:",
          "  name: web",
          "spec:",
          "  defaultAction: SCMP_ACT_ERRNO",
          "  syscalls:",
          "    - action: SCMP_ACT_ALLOW",
          "      # keep sorted",
          "      names:",
          "        - close",
          "        - openat",
          "        - read",
          "        - write",
          "");

  private static SyscallUnion union(String rulesJson) {
    return new SyscallUnion().add(JSON.readTree(rulesJson));
  }

  private static SyscallUnion allow(String... names) {
    var quoted = String.join(",", java.util.Arrays.stream(names).map(n -> '"' + n + '"').toList());
    return union("[{\"action\":\"SCMP_ACT_ALLOW\",\"names\":[" + quoted + "]}]");
  }

  @Test
  void insertsOneLineWithTheFilesLineEndingAndKeepsComments() {
    var edited =
        new SyscallsEditor(CRLF_PROFILE)
            .update(0, allow("close", "futex", "openat", "read", "write"))
            .orElseThrow();

    assertThat(edited)
        .isEqualTo(CRLF_PROFILE.replace("- close\r\n", "- close\r\n        - futex\r\n"));
    assertThat(LineDiff.between(CRLF_PROFILE, edited)).isEqualTo(new LineDiff(1, 0));
  }

  @Test
  void namesAreInsertedInOrderEvenBeforeTheSameName() {
    var edited =
        new SyscallsEditor(CRLF_PROFILE)
            .update(0, allow("brk", "close", "futex", "getpid", "openat", "read", "write", "zz"))
            .orElseThrow();

    assertThat(edited.lines().filter(l -> l.startsWith("        - ")).toList())
        .containsExactly(
            "        - brk",
            "        - close",
            "        - futex",
            "        - getpid",
            "        - openat",
            "        - read",
            "        - write",
            "        - zz");
    assertThat(edited).contains("# keep sorted").doesNotContain("\r\r").doesNotContain("e\n");
  }

  @Test
  void anActionNoRuleHasGetsANewRuleIndentedLikeTheFirst() {
    var target =
        union(
            "[{\"action\":\"SCMP_ACT_ALLOW\",\"names\":[\"close\",\"openat\",\"read\",\"write\"]},"
                + "{\"action\":\"SCMP_ACT_LOG\",\"names\":[\"ptrace\"]}]");

    var edited = new SyscallsEditor(CRLF_PROFILE).update(0, target).orElseThrow();

    assertThat(edited)
        .isEqualTo(
            CRLF_PROFILE
                + String.join(
                    "\r\n", "    - action: SCMP_ACT_LOG", "      names:", "        - ptrace", ""));
  }

  @Test
  void aNameWhoseActionChangedMovesToItsNewRule() {
    var text =
        String.join(
            "\n",
            "apiVersion: security-profiles-operator.x-k8s.io/v1",
            "kind: SeccompProfile",
            "metadata:",
            "  name: api",
            "spec:",
            "  defaultAction: SCMP_ACT_ERRNO",
            "  syscalls:",
            "  - action: SCMP_ACT_ALLOW",
            "    names:",
            "    - read",
            "  - action: SCMP_ACT_LOG",
            "    names:",
            "    - mount",
            "    - ptrace",
            "");
    var target = allow("ptrace", "read");
    target.add(JSON.readTree("[{\"action\":\"SCMP_ACT_LOG\",\"names\":[\"mount\"]}]"));

    var edited = new SyscallsEditor(text).update(0, target).orElseThrow();

    assertThat(edited)
        .isEqualTo(
            text.replace("    - mount\n    - ptrace\n", "    - mount\n")
                .replace("    - read\n", "    - ptrace\n    - read\n"));
  }

  @Test
  void aFileWithoutAFinalLineBreakStaysWithout() {
    var text = CRLF_PROFILE.substring(0, CRLF_PROFILE.length() - 2);

    var edited =
        new SyscallsEditor(text)
            .update(0, allow("close", "openat", "read", "write", "zz"))
            .orElseThrow();

    assertThat(edited).endsWith("        - write\r\n        - zz");
  }

  @Test
  void layoutsItCannotEditSafelyAreLeftToARewrite() {
    var flow =
        String.join(
            "\n",
            "kind: SeccompProfile",
            "spec:",
            "  syscalls: [{action: SCMP_ACT_ALLOW, names: [read]}]",
            "");
    var flowNames =
        String.join(
            "\n",
            "kind: SeccompProfile",
            "spec:",
            "  syscalls:",
            "  - action: SCMP_ACT_ALLOW",
            "    names: [read, write]",
            "");

    assertThat(new SyscallsEditor(flow).update(0, allow("read", "write"))).isEmpty();
    assertThat(new SyscallsEditor(flowNames).update(0, allow("futex", "read", "write"))).isEmpty();
    assertThat(new SyscallsEditor("kind: x\n").update(0, allow("read"))).isEmpty();
    assertThat(new SyscallsEditor("a: [\n").update(0, allow("read"))).isEmpty();
  }

  @Test
  void editsTheRightDocumentOfSeveral() {
    var two = CRLF_PROFILE + "---\r\n" + CRLF_PROFILE.replace("name: web", "name: api");

    var edited =
        new SyscallsEditor(two)
            .update(1, allow("close", "futex", "openat", "read", "write"))
            .orElseThrow();

    var documents = List.of(edited.split("---\r\n"));
    assertThat(documents.get(0)).isEqualTo(CRLF_PROFILE);
    assertThat(documents.get(1)).contains("name: api").contains("- futex");
  }

  /** Lines added and removed, as {@code git diff --numstat} counts them. */
  record LineDiff(int added, int removed) {
    static LineDiff between(String before, String after) {
      var a = List.of(before.split("\n", -1));
      var b = List.of(after.split("\n", -1));
      int prefix = 0;
      while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
        prefix++;
      }
      int suffix = 0;
      while (suffix < a.size() - prefix
          && suffix < b.size() - prefix
          && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
        suffix++;
      }
      return new LineDiff(b.size() - prefix - suffix, a.size() - prefix - suffix);
    }
  }
}

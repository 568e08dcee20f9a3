package dev.seccompsync.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.Origin;
import dev.seccompsync.manifest.Problem;
import dev.seccompsync.manifest.SpoKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MarkdownReport#plan}: what a pull-request comment shows, and how it is cut to fit. */
class PlanCommentTest {

  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  private static ObjectId id(String name) {
    return new ObjectId(SpoKind.SECCOMP_PROFILE, null, name);
  }

  private static ObjectResult changed(String name, String diff) {
    return new ObjectResult(
        id(name), Action.CONFIGURED, null, name + ".yaml", null, diff, "1 field changed");
  }

  private static RunResult result(List<ObjectResult> objects, List<Problem> problems) {
    return new RunResult(
        "diff", COMMIT, "https://127.0.0.1:6443", "C", objects, problems, Map.of(), false);
  }

  @Test
  void namesTheCommitTheClusterTheCountsAndEachObject() {
    var diff =
        String.join(
            "\n",
            "--- live/SeccompProfile/web",
            "+++ git/SeccompProfile/web",
            "@@ -1 +1 @@",
            "-  defaultAction: SCMP_ACT_ERRNO",
            "+  defaultAction: SCMP_ACT_LOG",
            "");
    var objects =
        List.of(
            ObjectResult.of(id("base"), Action.UNCHANGED, "base.yaml", null),
            changed("web", diff),
            new ObjectResult(
                id("api"), Action.CREATED, null, "api.yaml", null, "+++ git/api\n+x\n", null),
            ObjectResult.of(id("old"), Action.PRUNED, null, "left Git"),
            ObjectResult.of(id("bad"), Action.FAILED, "bad.yaml", "rejected: spec.x unknown"));

    var md =
        MarkdownReport.plan(
            result(objects, List.of(Problem.warning(Origin.file("x.yaml"), "note"))),
            "prod",
            65536);

    assertThat(md)
        .startsWith("### seccomp-sync plan\n\n")
        .contains(
            "Commit `" + COMMIT + "` against cluster `https://127.0.0.1:6443` (context `prod`)")
        .contains("**1 to create, 1 to change, 1 to prune, 1 unchanged, 1 error**")
        .contains(
            "#### Change `SeccompProfile/web` from `web.yaml`\n\n1 field changed\n\n```diff\n")
        .contains("-  defaultAction: SCMP_ACT_ERRNO\n+  defaultAction: SCMP_ACT_LOG\n```")
        .contains("#### Create `SeccompProfile/api` from `api.yaml`")
        .contains("#### Prune `SeccompProfile/old`\n\nleft Git")
        .contains("#### Error `SeccompProfile/bad` from `bad.yaml`\n\nrejected: spec.x unknown")
        .contains("- warning `" + Origin.file("x.yaml") + "`: note")
        .doesNotContain("SeccompProfile/base`")
        .doesNotContain("more object");
  }

  @Test
  void anOversizedPlanKeepsWholeSectionsAndCountsTheRest() {
    var objects = new ArrayList<ObjectResult>();
    for (var i = 0; i < 200; i++) {
      objects.add(changed("p" + i, "+" + "syscall-".repeat(60) + i + "\n"));
    }
    var limit = 8000;

    var md = MarkdownReport.plan(result(objects, List.of()), null, limit);

    assertThat(md.codePointCount(0, md.length())).isLessThanOrEqualTo(limit);
    var shown = md.split("\n#### Change ", -1).length - 1;
    assertThat(shown).isBetween(5, 199);
    assertThat(md)
        .endsWith(
            "```\n\n… and "
                + (200 - shown)
                + " more objects not shown; run `seccomp-sync diff` for the full plan\n")
        .contains("**0 to create, 200 to change, 0 to prune, 0 unchanged, 0 errors**")
        .contains("#### Change `SeccompProfile/p" + (shown - 1) + "`")
        .doesNotContain("SeccompProfile/p" + shown + "`");
    // Every section that is shown is whole: its diff fence is closed.
    assertThat(md.split("```", -1).length % 2).isEqualTo(1);
  }

  @Test
  void aSingleSectionLongerThanTheLimitIsLeftOutWhole() {
    var md =
        MarkdownReport.plan(
            result(List.of(changed("huge", "+" + "x".repeat(5000) + "\n")), List.of()), null, 1000);

    assertThat(md.length()).isLessThanOrEqualTo(1000);
    assertThat(md)
        .doesNotContain("xxxx")
        .endsWith("… and 1 more object not shown; run `seccomp-sync diff` for the full plan\n");
  }

  @Test
  void aDiffHoldingBackticksCannotCloseItsFence() {
    var md =
        MarkdownReport.plan(result(List.of(changed("web", "+ a ``` b\n")), List.of()), null, 9999);

    assertThat(md).contains("````diff\n+ a ``` b\n````");
  }

  @Test
  void noDifferencesSaysSo() {
    var md =
        MarkdownReport.plan(
            result(List.of(ObjectResult.of(id("a"), Action.UNCHANGED, "a.yaml", null)), List.of()),
            "dev",
            9999);

    assertThat(md)
        .contains("**0 to create, 0 to change, 0 to prune, 1 unchanged, 0 errors**")
        .endsWith("No differences: the cluster matches Git.\n");
  }
}

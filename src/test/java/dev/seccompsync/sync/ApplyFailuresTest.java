package dev.seccompsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What apply does when some objects cannot be applied: report each, keep going, skip dependents.
 */
@RealCluster(SpoGeneration.C)
class ApplyFailuresTest {

  @TempDir Path directory;

  @Test
  void conflictWithAnotherControllerIsReportedUntilForced(LocalCluster cluster) {
    var web = LocalCluster.uniqueName("web");
    var other = LocalCluster.uniqueName("other");
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "profiles",
          Map.of(
              "web.yaml",
              profile(web, "SCMP_ACT_ERRNO", null),
              "other.yaml",
              profile(other, "SCMP_ACT_ERRNO", null)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());
      assertThat(harness.apply().hasErrors()).isFalse();
    }
    // Another controller sets the field with its own field manager.
    cluster.kubectl(
        "patch",
        "seccompprofiles.security-profiles-operator.x-k8s.io",
        web,
        "--type=merge",
        "--field-manager=policy-controller",
        "-p",
        "{\"spec\":{\"defaultAction\":\"SCMP_ACT_LOG\"}}");
    try (var repo = GitRepos.init(directory.resolve("again"))) {
      repo.commit(
          "profiles",
          Map.of(
              "web.yaml",
              profile(web, "SCMP_ACT_ERRNO", null),
              "other.yaml",
              profile(other, "SCMP_ACT_KILL_PROCESS", null)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());

      var refused = harness.apply();

      assertThat(result(refused, web).action()).isEqualTo(Action.FAILED);
      assertThat(result(refused, web).message())
          .isEqualTo(
              "conflict with \"policy-controller\" on .spec.defaultAction; apply refuses it without"
                  + " --force-conflicts");
      assertThat(result(refused, other).action()).isEqualTo(Action.CONFIGURED);
      assertThat(refused.hasErrors()).isTrue();
      assertThat(
              cluster.kubectl(
                  "get",
                  "seccompprofiles.security-profiles-operator.x-k8s.io",
                  web,
                  "-o",
                  "jsonpath={.spec.defaultAction}"))
          .isEqualTo("SCMP_ACT_LOG");

      var forced = applyForced(cluster, repo.root());
      assertThat(result(forced, web).action()).isEqualTo(Action.CONFIGURED);
      assertThat(
              cluster.kubectl(
                  "get",
                  "seccompprofiles.security-profiles-operator.x-k8s.io",
                  web,
                  "-o",
                  "jsonpath={.spec.defaultAction}"))
          .isEqualTo("SCMP_ACT_ERRNO");
    }
  }

  @Test
  void refusedObjectDoesNotStopOthersAndItsDependentsAreSkipped(LocalCluster cluster) {
    var base = LocalCluster.uniqueName("base");
    var child = LocalCluster.uniqueName("child");
    var alone = LocalCluster.uniqueName("alone");
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "profiles",
          Map.of(
              "base.yaml", profile(base, "SCMP_ACT_NOT_AN_ACTION", null),
              "child.yaml", profile(child, "SCMP_ACT_ERRNO", base),
              "alone.yaml", profile(alone, "SCMP_ACT_ERRNO", null)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());

      var result = harness.apply();

      assertThat(result.objects())
          .extracting(o -> tuple(o.id().name(), o.action()))
          .containsExactlyInAnyOrder(
              tuple(alone, Action.CREATED),
              tuple(base, Action.FAILED),
              tuple(child, Action.SKIPPED));
      assertThat(result(result, base).message())
          .startsWith("SeccompProfile/%s: refused by the API server (HTTP 422): ".formatted(base))
          .contains("spec.defaultAction: Unsupported value: \"SCMP_ACT_NOT_AN_ACTION\"");
      assertThat(result(result, child).message())
          .isEqualTo("not applied: its base profile SeccompProfile/%s failed".formatted(base));
      assertThat(result.hasErrors()).isTrue();
    }
  }

  @Test
  void baseProfileCycleIsAnErrorNamingTheCycle(LocalCluster cluster) {
    var a = LocalCluster.uniqueName("a");
    var b = LocalCluster.uniqueName("b");
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "cycle",
          Map.of(
              "a.yaml",
              profile(a, "SCMP_ACT_ERRNO", b),
              "b.yaml",
              profile(b, "SCMP_ACT_ERRNO", a)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());

      var result = harness.apply();

      assertThat(result.objects()).extracting(ObjectResult::action).containsOnly(Action.FAILED);
      assertThat(result(result, a).message())
          .isEqualTo(
              "baseProfileName cycle %s -> %s -> %s; break the cycle in Git".formatted(a, b, a));
      assertThat(harness.requests().writes()).isZero();
    }
  }

  private static RunResult applyForced(LocalCluster cluster, Path repository) {
    var source =
        new SourceLoader(new GitSource(repository.resolve(".cache"), null), LoadOptions.defaults())
            .load(new SourceSpec(repository.toString(), null, List.of()));
    var requests = new RequestLog();
    try (var client = cluster.client(requests)) {
      return new SyncEngine(client, requests).apply(source, new ApplyOptions(true, 8), false);
    }
  }

  private static ObjectResult result(RunResult run, String name) {
    return run.objects().stream().filter(o -> o.id().name().equals(name)).findFirst().orElseThrow();
  }

  private static String profile(String name, String action, String base) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata: {name: %s}
    spec:
      defaultAction: %s
      %s
      syscalls:
        - {action: SCMP_ACT_ALLOW, names: [read]}
    """
        .formatted(name, action, base == null ? "" : "baseProfileName: " + base);
  }
}

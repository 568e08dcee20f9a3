package dev.seccompsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One object's whole life on a real API server, for each SPO generation: created, left alone when
 * nothing changed, changed in Git and applied, a field removed from Git and really removed.
 */
abstract class LifecycleTest {

  @TempDir Path directory;

  abstract SpoGeneration generation();

  @Test
  void createNoOpChangeAndRemoveFollowGit(LocalCluster cluster) {
    var base = LocalCluster.uniqueName("base");
    var web = LocalCluster.uniqueName("web");
    var dir = "team-" + LocalCluster.uniqueName("t");
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit(
          "add profiles",
          Map.of(
              dir + "/base.yaml",
                  profile(
                      base,
                      null,
                      List.of("read", "write", "exit_group"),
                      "flags: [SECCOMP_FILTER_FLAG_LOG]\n  "),
              dir + "/web.yaml", profile(web, base, List.of("accept4", "listen"), "")));
      var harness = new SyncHarness(cluster, repo.root(), List.of(dir));

      var firstDiff = harness.diff();
      assertThat(actions(firstDiff))
          .containsExactly(tuple(base, Action.CREATED), tuple(web, Action.CREATED));
      assertThat(harness.requests().writes()).isZero();

      var created = harness.apply();
      assertThat(actions(created))
          .containsExactly(tuple(base, Action.CREATED), tuple(web, Action.CREATED));
      assertThat(created.hasErrors()).isFalse();
      var versionAfterCreate = resourceVersion(cluster, web);

      var noOp = harness.apply();
      assertThat(actions(noOp))
          .containsExactly(tuple(base, Action.UNCHANGED), tuple(web, Action.UNCHANGED));
      assertThat(harness.requests().writes()).isZero();
      assertThat(harness.requests().byVerb()).doesNotContainKeys("DRY-RUN PATCH", "PATCH");
      assertThat(resourceVersion(cluster, web)).isEqualTo(versionAfterCreate);
      // A no-op costs the CRD reads and one LIST for the one kind Git uses: no per-object request.
      assertThat(harness.requests().byVerb())
          .containsOnly(
              java.util.Map.entry("GET", (long) SpoKind.values().length),
              java.util.Map.entry("LIST", 1L));
      assertThat(
              cluster.kubectl(
                  get(
                      web,
                      "{.metadata.labels.app\\.kubernetes\\.io/managed-by}"
                          + " {.metadata.annotations.seccomp-sync\\.dev/source}")))
          .isEqualTo("seccomp-sync " + dir + "/web.yaml");

      repo.commit(
          "web needs epoll",
          Map.of(
              dir + "/web.yaml",
              profile(web, base, List.of("accept4", "epoll_wait", "listen"), "")));
      var changeDiff = harness.diff();
      assertThat(actions(changeDiff))
          .containsExactly(tuple(base, Action.UNCHANGED), tuple(web, Action.CONFIGURED));
      assertThat(result(changeDiff, web).diff()).containsPattern("(?m)^\\+\\s+- epoll_wait$");
      assertThat(harness.apply().hasErrors()).isFalse();
      assertThat(cluster.kubectl(get(web, "{.spec.syscalls[0].names}"))).contains("epoll_wait");

      repo.commit(
          "base no longer logs",
          Map.of(
              dir + "/base.yaml", profile(base, null, List.of("read", "write", "exit_group"), "")));
      var removal = harness.diff();
      assertThat(actions(removal))
          .containsExactly(tuple(base, Action.CONFIGURED), tuple(web, Action.UNCHANGED));
      assertThat(result(removal, base).patch().toString())
          .contains("\"op\":\"remove\"")
          .contains("/spec/flags");
      assertThat(harness.apply().hasErrors()).isFalse();
      assertThat(cluster.kubectl(get(base, "{.spec.flags}"))).isEmpty();
      assertThat(actions(harness.diff()))
          .extracting(t -> t.toList().get(1))
          .containsOnly(Action.UNCHANGED);
    }
  }

  private List<org.assertj.core.groups.Tuple> actions(RunResult result) {
    return result.objects().stream().map(o -> tuple(o.id().name(), o.action())).toList();
  }

  private static ObjectResult result(RunResult run, String name) {
    return run.objects().stream().filter(o -> o.id().name().equals(name)).findFirst().orElseThrow();
  }

  private String resourceVersion(LocalCluster cluster, String name) {
    return cluster.kubectl(get(name, "{.metadata.resourceVersion}"));
  }

  private String[] get(String name, String jsonPath) {
    var args =
        new java.util.ArrayList<>(
            List.of(
                "get",
                "seccompprofiles.security-profiles-operator.x-k8s.io",
                name,
                "-o",
                "jsonpath=" + jsonPath));
    if (generation() == SpoGeneration.A) {
      args.addAll(List.of("-n", "team-a"));
    }
    return args.toArray(String[]::new);
  }

  String profile(String name, String base, List<String> syscalls, String extra) {
    var apiVersion = generation() == SpoGeneration.C ? "v1" : "v1beta1";
    var namespace = generation() == SpoGeneration.A ? "\n  namespace: team-a" : "";
    var baseLine = base == null ? "" : "baseProfileName: " + base + "\n  ";
    return """
    apiVersion: security-profiles-operator.x-k8s.io/%s
    kind: SeccompProfile
    metadata:
      name: %s%s
    spec:
      %s%sdefaultAction: SCMP_ACT_ERRNO
      architectures: [SCMP_ARCH_X86_64]
      syscalls:
        - action: SCMP_ACT_ALLOW
          names: [%s]
    """
        .formatted(apiVersion, name, namespace, baseLine, extra, String.join(", ", syscalls));
  }

  @RealCluster(SpoGeneration.A)
  static final class GenerationA extends LifecycleTest {
    @Override
    SpoGeneration generation() {
      return SpoGeneration.A;
    }
  }

  @RealCluster(SpoGeneration.B)
  static final class GenerationB extends LifecycleTest {
    @Override
    SpoGeneration generation() {
      return SpoGeneration.B;
    }
  }

  @RealCluster(SpoGeneration.C)
  static final class GenerationC extends LifecycleTest {
    @Override
    SpoGeneration generation() {
      return SpoGeneration.C;
    }
  }
}

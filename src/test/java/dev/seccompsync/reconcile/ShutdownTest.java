package dev.seccompsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seccomp-sync reconcile} as a process, as Kubernetes runs it: it logs one line per pass,
 * and on SIGTERM it stops the loop, releases its Lease and exits well within the grace period,
 * without a stack trace.
 */
@RealCluster(SpoGeneration.C)
class ShutdownTest {

  @TempDir Path directory;

  @Test
  void sigtermReleasesTheLeaseAndExitsPromptly(LocalCluster cluster) throws Exception {
    var name = LocalCluster.uniqueName("sigterm");
    var lease = LocalCluster.uniqueName("inventory");
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      var commit =
          repo.commit("one", Map.of(name + ".yaml", ReconcileTest.profile(name, "SCMP_ACT_ERRNO")));
      var javaCommand = ProcessHandle.current().info().command().orElse("java");
      var command =
          List.of(
              javaCommand,
              "-cp",
              System.getProperty("java.class.path"),
              "dev.seccompsync.cli.Main",
              "reconcile",
              "--repo",
              repo.root().toString(),
              "--kubeconfig",
              cluster.kubeconfig().toString(),
              "--mode",
              "heal",
              "--interval",
              "2s",
              "--inventory",
              "team-a/" + lease,
              "--http-address",
              "127.0.0.1:0",
              "--shutdown-timeout",
              "10s");
      var logFile = directory.resolve("reconcile.log");
      var builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
      builder.environment().put("XDG_CACHE_HOME", directory.resolve("cache").toString());
      var process = builder.start();
      java.util.function.Supplier<String> output =
          () -> {
            try {
              return java.nio.file.Files.readString(logFile);
            } catch (java.io.IOException e) {
              return "";
            }
          };
      try {
        RunningReconciler.await(
            "a pass line", Duration.ofSeconds(60), () -> output.get().contains(" pass revision="));
        assertThat(holder(cluster, lease)).isNotEmpty();
        assertThat(leaseSeconds(cluster, lease)).isEqualTo("15");

        var started = System.nanoTime();
        process.destroy();
        assertThat(process.waitFor(25, TimeUnit.SECONDS)).as("exits within the grace").isTrue();
        assertThat(process.exitValue()).as("an orderly stop exits 0").isZero();
        var seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("SIGTERM: exited in %.2f s%n", seconds);
        var log = output.get();
        assertThat(log)
            .containsPattern(
                "INFO Reconciler - pass revision=%s mode=heal created=1 configured=0"
                        .formatted(commit.substring(0, 12))
                    + " unchanged=0 pruned=0 pending=0 skipped=0 failed=0 drifted=0 problems=0"
                    + " requests=[0-9]+ duration=[0-9.]+s")
            .contains("acquired lease team-a/" + lease)
            .contains("reconcile loop stopped")
            .doesNotContain("\tat ")
            .doesNotContain("Exception");
        assertThat(log).contains("released lease team-a/" + lease);
        assertThat(leaseSeconds(cluster, lease))
            .as("released: the lease lasts 1 s, so a standby takes over at once")
            .isEqualTo("1");
      } finally {
        process.destroyForcibly();
      }
    }
  }

  private static String leaseSeconds(LocalCluster cluster, String lease) {
    return cluster.kubectl(
        "get", "lease", lease, "-n", "team-a", "-o", "jsonpath={.spec.leaseDurationSeconds}");
  }

  private static String holder(LocalCluster cluster, String lease) {
    var result =
        cluster.kubectlResult(
            "get", "lease", lease, "-n", "team-a", "-o", "jsonpath={.spec.holderIdentity}");
    return result.exitCode() == 0 ? result.output().trim() : "";
  }
}

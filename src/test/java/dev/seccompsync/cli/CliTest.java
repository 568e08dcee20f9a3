package dev.seccompsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.Processes;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without a cluster: help, exit codes and the one-line errors. */
class CliTest {

  @TempDir Path directory;

  @Test
  void helpListsCommandsAndExitCodes() {
    var run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("diff", "apply", "drift", "version")
        .contains("Exit codes:")
        .contains("  0  no differences / success")
        .contains("  1  differences or drift found (diff, plan, drift)")
        .contains("  2  error: bad input or flags, cluster unreachable, object refused");
  }

  @Test
  void subcommandHelpListsKubectlFlagsAndExitCodes() {
    var run = CliRun.of("diff", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("--kubeconfig=FILE", "--context=NAME", "-n, --namespace=NS", "--as=USER")
        .contains("--repo=PATH|URL", "--revision=REV", "--path=DIR", "-o, --output=FORMAT")
        .contains("Exit codes:");
  }

  @Test
  void unknownOptionIsAnErrorWithExitTwo() {
    var run = CliRun.of("diff", "--bogus");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("error: Unknown option: '--bogus'\nRun 'seccomp-sync diff --help' for usage.\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void missingRepositoryIsOneLineNamingIt() {
    var missing = directory.resolve("nowhere").toString();

    var run = CliRun.of("diff", "--repo", missing, "--kubeconfig", "/dev/null");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            ("error: repository %s: no such directory; give a Git work tree, a bare"
                    + " repository or a URL\n")
                .formatted(missing));
  }

  @Test
  void jsonOutputStillGivesADocumentWhenTheRunFails() {
    var missing = directory.resolve("nowhere").toString();

    var run = CliRun.of("drift", "-o", "json", "--repo", missing);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out())
        .isEqualTo(
            ("{\"command\":\"drift\",\"error\":\"repository %s: no such directory; give a Git"
                    + " work tree, a bare repository or a URL\"}\n")
                .formatted(missing));
  }

  @Test
  void yamlOutputStillGivesADocumentWhenTheRunFails() {
    var missing = directory.resolve("nowhere").toString();

    var run = CliRun.of("diff", "-o", "yaml", "--repo", missing);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out())
        .startsWith("command: diff\nerror: \"repository %s: no such directory".formatted(missing));
  }

  @Test
  void subcommandVersionPrintsTheVersion() {
    var run = CliRun.of("diff", "--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("seccomp-sync ");
  }

  @Test
  void directoryThatIsNotARepositoryIsNamed() {
    var run = CliRun.of("drift", "--repo", directory.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: repository %s: not a Git repository; run `git init` there or give its root\n"
                .formatted(directory));
  }

  @Test
  void unknownRevisionIsNamed() {
    try (var repo = GitRepos.init(directory)) {
      repo.commit("one", Map.of("a.yaml", "kind: ConfigMap\napiVersion: v1\n"));

      var run = CliRun.of("diff", "--repo", directory.toString(), "--revision", "no-such-branch");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              ("error: repository %s: revision no-such-branch not found; give a branch, tag or"
                      + " commit that exists there\n")
                  .formatted(directory));
    }
  }

  @Test
  void unreadableKubeconfigIsNamed() {
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit("one", Map.of("a.yaml", "kind: ConfigMap\napiVersion: v1\n"));
      var kubeconfig = directory.resolve("missing-kubeconfig");

      var run =
          CliRun.of(
              "diff", "--repo", repo.root().toString(), "--kubeconfig", kubeconfig.toString());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              "error: kubeconfig %s: cannot read it (NoSuchFileException); check --kubeconfig\n"
                  .formatted(kubeconfig));
    }
  }

  @Test
  void clientDryRunIsRefused() {
    var run = CliRun.of("apply", "--dry-run=client", "--repo", directory.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: --dry-run=client is not supported; use --dry-run=server\n");
  }

  @Test
  void unknownDriftCategoryIsRefused() {
    var run = CliRun.of("drift", "--ignore", "nonsense", "--repo", directory.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "error: --ignore: unknown category 'nonsense'; use one of missing, changed, unmanaged,"
                + " orphaned, recorded, inert-binding, not-installed\n");
  }

  @Test
  void versionPrintsTheVersion() {
    var run = CliRun.of("version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("seccomp-sync ");
  }

  // The launcher's promise: help needs no Kubernetes client, so it starts fast.
  @Test
  void helpLoadsNoKubernetesClient() {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var classpath = System.getProperty("java.class.path");

    var result =
        Processes.run(
            List.of(java, "-verbose:class", "-cp", classpath, Main.class.getName(), "--help"), 60);

    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).contains("Exit codes:").contains("dev.seccompsync.cli.RootCommand");
    assertThat(result.output()).doesNotContain("io.fabric8").doesNotContain("org.eclipse.jgit");
    assertThat(classpath).contains(File.pathSeparator);
  }
}

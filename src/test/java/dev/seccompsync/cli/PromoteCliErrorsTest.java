package dev.seccompsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code promote} answers what goes wrong, on a real API server and a real bare remote: every
 * recording is reported even when one fails, names that do not exist are named, nothing is pushed
 * by a dry run, and a file in Git that does not load stops new profiles with a non-zero exit.
 */
@RealCluster(SpoGeneration.C)
class PromoteCliErrorsTest {

  @TempDir Path directory;

  /** A recorded profile labelled {@code trial=GROUP}, so that a selector finds only this test's. */
  private static String recorded(
      String group, String recording, String container, String name, String extra) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata:
      name: %s
      labels:
        trial: %s
        spo.x-k8s.io/recording-id: %s
        spo.x-k8s.io/recording-namespace: shop
        spo.x-k8s.io/container-id: %s
    %s
    spec:
      defaultAction: SCMP_ACT_ERRNO
      syscalls:
      - action: SCMP_ACT_ALLOW
        names: [read, write]
    """
        .formatted(name, group, recording, container, extra);
  }

  private static CliRun promote(LocalCluster cluster, Path remote, String... more) {
    var args = new java.util.ArrayList<String>();
    args.add("promote");
    args.add("--repo");
    args.add(remote.toUri().toString());
    args.add("--kubeconfig");
    args.add(cluster.kubeconfig().toString());
    args.addAll(java.util.List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void oneFailingRecordingDoesNotStopTheOthers(LocalCluster cluster) throws Exception {
    var group = LocalCluster.uniqueName("g");
    var replicas = LocalCluster.uniqueName("rep");
    var single = LocalCluster.uniqueName("one");
    cluster.kubectlApply("spo", recorded(group, replicas, "app", replicas + "-app-aaaaa", ""));
    cluster.kubectlApply("spo", recorded(group, replicas, "app", replicas + "-app-bbbbb", ""));
    cluster.kubectlApply("spo", recorded(group, single, "app", single + "-app", ""));
    var remote = GitRepos.bareRemote(directory, Map.of("README.md", "policies\n"));

    var run =
        promote(cluster, remote, "-l", "trial=" + group, "--per-replica", "--no-pull-request");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out())
        .contains("shop/" + replicas + ": container app was recorded in 2 replicas")
        .contains("shop/" + single + ": pushed branch seccomp-sync/promote/shop/" + single)
        .doesNotContain("no hosting service");
    assertThat(PromoteCliTest.tip(remote, "seccomp-sync/promote/shop/" + single)).isNotNull();
    assertThat(PromoteCliTest.tip(remote, "seccomp-sync/promote/shop/" + replicas)).isNull();
  }

  @Test
  void aRecordingThatDoesNotExistIsAnErrorNamingTheOnesThatDo(LocalCluster cluster)
      throws Exception {
    var group = LocalCluster.uniqueName("g");
    var existing = LocalCluster.uniqueName("rec");
    cluster.kubectlApply("spo", recorded(group, existing, "app", existing + "-app", ""));
    var remote = GitRepos.bareRemote(directory, Map.of("README.md", "policies\n"));

    var missing = promote(cluster, remote, "--recording", "nosuch", "--no-pull-request");
    var none = promote(cluster, remote, "-l", "trial=nobody", "-o", "json");
    var badSelector = promote(cluster, remote, "-l", "!!bad", "--no-pull-request");

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .startsWith(
            "error: recording nosuch: no SeccompProfile carries spo.x-k8s.io/recording-id=nosuch;"
                + " recordings with profiles: ")
        .contains("shop/" + existing)
        .doesNotContain("Exception");
    var empty = promote(cluster, remote, "-l", "", "--no-pull-request");
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).startsWith("error: -l: the selector is empty");
    assertThat(none.exitCode()).isZero();
    assertThat(none.out().strip()).isEqualTo("[]");
    assertThat(badSelector.exitCode()).isEqualTo(2);
    assertThat(badSelector.err())
        .startsWith("error: -l !!bad: the API server refuses it as a label selector (");
  }

  @Test
  void aDryRunPushesNothingAndABrokenFileInGitBlocksNewProfiles(LocalCluster cluster)
      throws Exception {
    var group = LocalCluster.uniqueName("g");
    var rec = LocalCluster.uniqueName("rec");
    cluster.kubectlApply("spo", recorded(group, rec, "app", rec + "-app", ""));
    var remote =
        GitRepos.bareRemote(directory, Map.of("profiles/broken.yaml", "kind: [unclosed\n"));
    var branch = "seccomp-sync/promote/shop/" + rec;

    var blocked = promote(cluster, remote, "--recording", rec, "--no-pull-request");

    assertThat(blocked.exitCode()).isEqualTo(1);
    assertThat(blocked.out())
        .contains("not proposed: Git may have it in a file that does not load")
        .contains("profiles/broken.yaml")
        .contains("fix that file first");
    assertThat(PromoteCliTest.tip(remote, branch)).isNull();

    var fixed = directory.resolve("fixed");
    var bare = GitRepos.bareRemote(fixed, Map.of("README.md", "policies\n"));
    var dry = promote(cluster, bare, "--recording", rec, "--dry-run");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("would propose " + rec + "-app (new, 2 syscalls) on branch " + branch)
        .contains("--- profiles/" + rec + "-app.yaml")
        .contains("--- pull request: Promote recorded seccomp profiles from shop/" + rec);
    assertThat(PromoteCliTest.tip(bare, branch)).isNull();
  }

  @Test
  void partialsWaitAndBadTemplatesAreUsageErrors(LocalCluster cluster) throws Exception {
    var group = LocalCluster.uniqueName("g");
    var rec = LocalCluster.uniqueName("rec");
    var partial = "    spo.x-k8s.io/partial: \"true\"";
    cluster.kubectlApply(
        "spo",
        recorded(group, rec, "app", rec + "-app-x1", "")
            .replace(
                "    spo.x-k8s.io/container-id: app",
                "    spo.x-k8s.io/container-id: app\n" + partial));
    var remote = GitRepos.bareRemote(directory, Map.of("README.md", "policies\n"));

    var waiting = promote(cluster, remote, "--recording", rec, "--no-pull-request");
    var badPath =
        promote(cluster, remote, "--recording", rec, "--path-template", "../x/{name}.yaml");
    var badName =
        promote(
            cluster,
            remote,
            "--recording",
            rec,
            "--merge-partials",
            "--no-pull-request",
            "--name-template",
            "UP_{container}");

    assertThat(waiting.exitCode()).isZero();
    assertThat(waiting.out())
        .contains("1 partial profiles for recording shop/" + rec + ", merge pending");
    assertThat(badPath.exitCode()).isEqualTo(2);
    assertThat(badPath.err())
        .startsWith(
            "error: --path-template ../x/{name}.yaml: must be a path inside the" + " repository")
        .doesNotContain("unexpected");
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(badName.err())
        .startsWith(
            "error: --name-template 'UP_{container}': gives names such as UP_app, which"
                + " Kubernetes refuses");
  }

  @Test
  void theRepositorysSettingsAreUsedAndATypoInThemIsNamed(LocalCluster cluster) throws Exception {
    var group = LocalCluster.uniqueName("g");
    var rec = LocalCluster.uniqueName("rec");
    cluster.kubectlApply("spo", recorded(group, rec, "app", rec + "-app", ""));
    var remote =
        GitRepos.bareRemote(
            directory,
            Map.of(
                ".seccomp-sync.yaml",
                "promote:\n  pathTemplate: seccomp/{namespace}/{name}.yaml\n"
                    + "  author: Policy Bot <bot@example.org>\n"));

    var run = promote(cluster, remote, "--recording", rec, "--no-pull-request");

    assertThat(run.exitCode()).as(run.err()).isZero();
    var branch = "seccomp-sync/promote/shop/" + rec;
    var tip = PromoteCliTest.tip(remote, branch);
    assertThat(PromoteCliTest.read(remote, tip, "seccomp/shop/" + rec + "-app.yaml"))
        .contains("name: " + rec + "-app");
    try (var git = Git.open(remote.toFile())) {
      var author =
          git.getRepository().parseCommit(git.getRepository().resolve(tip)).getAuthorIdent();
      assertThat(author.getName() + " <" + author.getEmailAddress() + ">")
          .isEqualTo("Policy Bot <bot@example.org>");
    }

    var typo = directory.resolve("typo");
    java.nio.file.Files.createDirectories(typo);
    var badRemote =
        GitRepos.bareRemote(typo, Map.of(".seccomp-sync.yaml", "promote:\n  lables: [x]\n"));
    var unknownHost = directory.resolve("host");
    java.nio.file.Files.createDirectories(unknownHost);
    var hostRemote =
        GitRepos.bareRemote(
            unknownHost, Map.of(".seccomp-sync.yaml", "promote:\n  provider: gitbucket\n"));
    var dryHost = promote(cluster, hostRemote, "--recording", rec, "--dry-run");
    assertThat(dryHost.exitCode()).isEqualTo(2);
    assertThat(dryHost.err())
        .startsWith(
            "error: .seccomp-sync.yaml: promote.provider: provider 'gitbucket' is not known");
    var bad = promote(cluster, badRemote, "--recording", rec, "--no-pull-request");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err())
        .startsWith("error: .seccomp-sync.yaml: promote.lables is not a setting; use one of");
  }
}

package dev.seccompsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permissions the README lists are enough: a user granted only those, through RBAC on the real
 * server, can diff and apply SeccompProfiles, and drift leaves out with a warning the kinds it may
 * not list.
 */
@RealCluster(SpoGeneration.C)
class LeastPrivilegeTest {

  @TempDir Path directory;

  @Test
  void documentedPermissionsAreEnough(LocalCluster cluster) {
    var role = LocalCluster.uniqueName("seccomp-sync-profiles");
    cluster.kubectlApply(
        "rbac-test",
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: %s}
        rules:
          - apiGroups: [apiextensions.k8s.io]
            resources: [customresourcedefinitions]
            verbs: [get]
          - apiGroups: [security-profiles-operator.x-k8s.io]
            resources: [seccompprofiles]
            verbs: [list, patch, create]
          - apiGroups: [""]
            resources: [namespaces]
            verbs: [list]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %s}
        subjects: [{kind: User, name: seccomp-sync-test}]
        """
            .formatted(role, role, role));
    var name = LocalCluster.uniqueName("least");
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "one",
          Map.of(
              "web.yaml",
              """
              apiVersion: security-profiles-operator.x-k8s.io/v1
              kind: SeccompProfile
              metadata: {name: %s}
              spec: {defaultAction: SCMP_ACT_ERRNO}
              """
                  .formatted(name)));
      var args =
          new String[] {
            "--repo",
            repo.root().toString(),
            "--kubeconfig",
            cluster.kubeconfig().toString(),
            "--context",
            "limited"
          };

      var diff = CliRun.of(with("diff", args));
      var apply = CliRun.of(with("apply", args));
      var drift = CliRun.of(with("drift", args));

      assertThat(diff.exitCode()).as(diff.err()).isEqualTo(1);
      assertThat(diff.err()).isEmpty();
      assertThat(apply.exitCode()).as(apply.err()).isZero();
      assertThat(apply.out()).containsPattern("(?m)^SeccompProfile/" + name + " +created$");
      assertThat(drift.err())
          .contains("warning: (cluster): cluster ")
          .contains(
              "cannot list profilebindings at v1 (HTTP 403); grant list on that resource (group"
                  + " security-profiles-operator.x-k8s.io); until then its objects outside Git are"
                  + " not reported");
      assertThat(drift.out()).doesNotContain("failed");
    }
  }

  private static String[] with(String command, String[] args) {
    var all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }
}

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
import tools.jackson.databind.json.JsonMapper;

/** The commands as a person and a CI job run them, against a real API server. */
@RealCluster(SpoGeneration.C)
class ClusterCliTest {

  @TempDir Path directory;

  @Test
  void diffApplyDriftWithExitCodesAndOutput(LocalCluster cluster) {
    var base = LocalCluster.uniqueName("base");
    var web = LocalCluster.uniqueName("web");
    try (var repo = GitRepos.init(directory)) {
      var commit =
          repo.commit(
              "profiles",
              Map.of(
                  "profiles/base.yaml", profile(base, null),
                  "profiles/web.yaml", profile(web, base),
                  "bindings/web.yaml", binding(web)));
      var args =
          new String[] {
            "--repo", repo.root().toString(), "--kubeconfig", cluster.kubeconfig().toString()
          };
      var server =
          cluster.kubectl(
              "config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}");

      var diff = CliRun.of(concat("diff", args));
      assertThat(diff.exitCode()).isEqualTo(1);
      assertThat(diff.out())
          .contains("+++ git/SeccompProfile/" + web)
          .contains("+  baseProfileName: " + base)
          .endsWith(
              ("diff: 3 to create, 0 to configure, 0 unchanged (revision %s, cluster %s/, SPO"
                      + " generation C)\n")
                  .formatted(commit.substring(0, 12), server));

      var apply = CliRun.of(concat("apply", args));
      assertThat(apply.exitCode()).isZero();
      assertThat(apply.out())
          .containsPattern("(?m)^SeccompProfile/" + base + " +created$")
          .containsPattern("(?m)^ProfileBinding/team-a/" + web + " +created$");

      var json = CliRun.of(concat("apply", concat("-o", concat("json", args))));
      assertThat(json.exitCode()).isZero();
      var tree = JsonMapper.builder().build().readTree(json.out());
      assertThat(tree.path("command").asString()).isEqualTo("apply");
      assertThat(tree.path("revision").asString()).isEqualTo(commit);
      assertThat(tree.path("cluster").path("generation").asString()).isEqualTo("C");
      assertThat(tree.path("summary").path("unchanged").asInt()).isEqualTo(3);
      assertThat(tree.path("objects").get(0).path("id").asString())
          .isEqualTo("SeccompProfile/" + base);
      assertThat(tree.path("objects").get(0).path("source").asString())
          .isEqualTo("profiles/base.yaml");
      assertThat(tree.path("requests").has("PATCH")).isFalse();

      assertThat(CliRun.of(concat("diff", args)).exitCode()).isZero();

      var drift = CliRun.of(concat("drift", concat("--ignore", concat("not-installed", args))));
      assertThat(drift.exitCode()).isEqualTo(1);
      assertThat(drift.out())
          .containsPattern(
              ("(?m)^inert-binding +ProfileBinding/team-a/%s +bindings/web.yaml +namespace team-a"
                   + " lacks the label spo.x-k8s.io/enable-binding=true; SPO ignores its bindings$")
                  .formatted(web));

      var markdown = CliRun.of(concat("drift", concat("-o", concat("markdown", args))));
      assertThat(markdown.out())
          .contains("### seccomp-sync drift")
          .contains("| inert-binding | `ProfileBinding/team-a/" + web + "` |");
    }
  }

  @Test
  void refusedCredentialsAndMissingPermissionsAreNamed(LocalCluster cluster) throws Exception {
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit("one", Map.of("web.yaml", profile(LocalCluster.uniqueName("web"), null)));
      var original = java.nio.file.Files.readString(cluster.kubeconfig());
      var token =
          cluster.kubectl(
              "config", "view", "--raw", "--minify", "-o", "jsonpath={.users[0].user.token}");
      var wrong = directory.resolve("wrong-token");
      java.nio.file.Files.writeString(wrong, original.replace(token, "not-the-token"));
      var server =
          cluster.kubectl(
              "config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}");

      var refused =
          CliRun.of("diff", "--repo", repo.root().toString(), "--kubeconfig", wrong.toString());

      assertThat(refused.exitCode()).isEqualTo(2);
      assertThat(refused.err())
          .isEqualTo(
              ("error: cluster %s/: cannot read CRD"
                      + " seccompprofiles.security-profiles-operator.x-k8s.io (HTTP 401); the"
                      + " credentials were refused; check the kubeconfig's user and token\n")
                  .formatted(server));

      var limited =
          CliRun.of(
              "diff",
              "--repo",
              repo.root().toString(),
              "--kubeconfig",
              cluster.kubeconfig().toString(),
              "--context",
              "limited");

      assertThat(limited.exitCode()).isEqualTo(2);
      assertThat(limited.err())
          .isEqualTo(
              ("error: cluster %s/: cannot read CRD"
                   + " seccompprofiles.security-profiles-operator.x-k8s.io (HTTP 403); grant get on"
                   + " customresourcedefinitions.apiextensions.k8s.io\n")
                  .formatted(server));
      var impersonated =
          CliRun.of(
              "diff",
              "--repo",
              repo.root().toString(),
              "--kubeconfig",
              cluster.kubeconfig().toString(),
              "--as",
              "seccomp-sync-test");

      assertThat(impersonated.exitCode()).isEqualTo(2);
      assertThat(impersonated.err()).isEqualTo(limited.err());
      assertThat(refused.err() + limited.err()).doesNotContain(token);
    }
  }

  private static String[] concat(String first, String[] rest) {
    var all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static String profile(String name, String base) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata: {name: %s}
    spec:
      defaultAction: SCMP_ACT_ERRNO
      %s
      syscalls:
        - {action: SCMP_ACT_ALLOW, names: [read, write]}
    """
        .formatted(name, base == null ? "" : "baseProfileName: " + base);
  }

  private static String binding(String profile) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: ProfileBinding
    metadata: {name: %s, namespace: team-a}
    spec:
      profileRef: {kind: SeccompProfile, name: %s}
      image: registry.example.com/web:1.0
    """
        .formatted(profile, profile);
  }
}

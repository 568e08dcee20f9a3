package dev.seccompsync.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code plan --pr N} end to end: a Git remote (file://, bare) whose pull request head is only on
 * {@code refs/pull/N/head}, the real API server, and the hosting API played by WireMock on
 * 127.0.0.1. WireMock answers only what is stubbed: it keeps no comments, so the existing comment a
 * rerun finds is stubbed after the first post.
 */
@RealCluster(SpoGeneration.C)
class PlanCliTest {

  private static final String TOKEN = "ghp-PlanTest-9f8e7d-SECRET";
  private static final String GITHUB = "/api/v3/repos/acme/profiles";
  private static final String GITEA = "/api/v1/repos/acme/profiles";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path directory;

  private WireMockServer server;
  private Path tokenFile;

  @BeforeEach
  void start() throws Exception {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    tokenFile = directory.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private String api(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** A repository with {@code name} on main, pushed to a bare remote; answers the remote's URL. */
  private String remote(GitRepos repo, Map<String, String> files) throws Exception {
    repo.commit("base", files);
    var bare = directory.resolve("remote.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    repo.git()
        .push()
        .setRemote(bare.toUri().toString())
        .setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"))
        .call();
    return bare.toUri().toString();
  }

  /** Commits on branch pr and pushes it to refs/pull/N/head only, as a fork's pull request is. */
  private static String pullRequestHead(
      GitRepos repo, String url, int number, Map<String, String> files) throws Exception {
    var branches = repo.git().branchList().call();
    if (branches.stream().noneMatch(b -> b.getName().equals("refs/heads/pr"))) {
      repo.git().checkout().setCreateBranch(true).setName("pr").call();
    }
    var head = repo.commit("change", files);
    repo.git()
        .push()
        .setRemote(url)
        .setForce(true)
        .setRefSpecs(new RefSpec("+refs/heads/pr:refs/pull/" + number + "/head"))
        .call();
    return head;
  }

  private String[] args(LocalCluster cluster, String url, String provider, String apiPath) {
    return new String[] {
      "plan",
      "--pr",
      "7",
      "--repo",
      url,
      "--kubeconfig",
      cluster.kubeconfig().toString(),
      "--provider",
      provider,
      "--api-url",
      api(apiPath),
      "--project",
      "acme/profiles",
      "--token-file",
      tokenFile.toString()
    };
  }

  private static String[] plus(String[] args, String... more) {
    var all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private void stubHead(String apiRepo, String sha) {
    server.stubFor(
        get(urlPathEqualTo(apiRepo + "/pulls/7"))
            .willReturn(
                okJson(
                    """
                    {"number": 7, "state": "open", "head": {"ref": "pr", "sha": "%s"},
                     "base": {"ref": "main"}}
                    """
                        .formatted(sha))));
  }

  @Test
  void gitHubPlanCommentsOnceAndEditsThatCommentOnARerun(LocalCluster cluster) throws Exception {
    var web = LocalCluster.uniqueName("web");
    var api = LocalCluster.uniqueName("api");
    var context = cluster.kubectl("config", "current-context").strip();
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var url = remote(repo, Map.of("profiles/web.yaml", profile(web, "SCMP_ACT_ERRNO")));
      assertThat(
              CliRun.of("apply", "--repo", url, "--kubeconfig", cluster.kubeconfig().toString())
                  .exitCode())
          .isZero();
      var head =
          pullRequestHead(
              repo,
              url,
              7,
              Map.of(
                  "profiles/web.yaml",
                  profile(web, "SCMP_ACT_LOG"),
                  "profiles/api.yaml",
                  profile(api, "SCMP_ACT_ERRNO")));
      stubHead(GITHUB, head);
      server.stubFor(
          get(urlPathEqualTo(GITHUB + "/issues/7/comments"))
              .inScenario("comment")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(okJson("[]")));
      server.stubFor(
          post(urlPathEqualTo(GITHUB + "/issues/7/comments"))
              .inScenario("comment")
              .willSetStateTo("posted")
              .willReturn(
                  aResponse()
                      .withStatus(201)
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"id\": 555, \"body\": \"stored\"}")));

      var first = CliRun.of(args(cluster, url, "github", "/api/v3"));

      assertThat(first.exitCode()).as(first.err()).isEqualTo(1);
      assertThat(first.out())
          .contains("+++ git/SeccompProfile/" + web)
          .contains("+  defaultAction: SCMP_ACT_LOG")
          .contains(
              "diff: 1 to create, 1 to configure, 0 unchanged (revision " + head.substring(0, 12));
      assertThat(first.err())
          .isEqualTo("plan: comment plan:" + context + " on pull request #7 posted\n");
      var posted = server.findAll(postRequestedFor(urlPathEqualTo(GITHUB + "/issues/7/comments")));
      assertThat(posted).hasSize(1);
      var body = JSON.readTree(posted.get(0).getBodyAsString()).path("body").asString();
      assertThat(body)
          .startsWith("<!-- seccomp-sync:plan:" + context + " -->\n### seccomp-sync plan\n")
          .contains("Commit `" + head + "`")
          .contains("(context `" + context + "`)")
          .contains("**1 to create, 1 to change, 0 to prune, 0 unchanged, 0 errors**")
          .contains("#### Change `SeccompProfile/" + web + "` from `profiles/web.yaml`")
          .contains("-  defaultAction: SCMP_ACT_ERRNO\n+  defaultAction: SCMP_ACT_LOG\n")
          .contains("#### Create `SeccompProfile/" + api + "` from `profiles/api.yaml`");
      assertThat(posted.get(0).getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);

      // The pull request moves on; the comment found now is the one posted above.
      var next =
          pullRequestHead(
              repo, url, 7, Map.of("profiles/web.yaml", profile(web, "SCMP_ACT_TRACE")));
      stubHead(GITHUB, next);
      server.stubFor(
          get(urlPathEqualTo(GITHUB + "/issues/7/comments"))
              .inScenario("comment")
              .whenScenarioStateIs("posted")
              .willReturn(
                  okJson(
                      JSON.createArrayNode()
                          .add(
                              JSON.createObjectNode()
                                  .put("id", 555)
                                  .put("body", body)
                                  .set("user", JSON.createObjectNode().put("login", "bot")))
                          .toString())));
      server.stubFor(
          patch(urlPathEqualTo(GITHUB + "/issues/comments/555"))
              .willReturn(okJson("{\"id\": 555}")));

      var second = CliRun.of(args(cluster, url, "github", "/api/v3"));

      assertThat(second.exitCode()).as(second.err()).isEqualTo(1);
      assertThat(second.err())
          .isEqualTo("plan: comment plan:" + context + " on pull request #7 edited\n");
      server.verify(exactly(1), postRequestedFor(urlPathEqualTo(GITHUB + "/issues/7/comments")));
      var edits =
          server.findAll(patchRequestedFor(urlPathEqualTo(GITHUB + "/issues/comments/555")));
      assertThat(edits).hasSize(1);
      var edited = JSON.readTree(edits.get(0).getBodyAsString()).path("body").asString();
      assertThat(edited)
          .startsWith("<!-- seccomp-sync:plan:" + context + " -->\n")
          .contains("Commit `" + next + "`")
          .contains("+  defaultAction: SCMP_ACT_TRACE");
      for (var run : List.of(first, second)) {
        assertThat(run.out() + run.err()).doesNotContain(TOKEN);
      }
    }
  }

  @Test
  void dryRunPrintsTheCommentAndWritesNothing(LocalCluster cluster) throws Exception {
    var web = LocalCluster.uniqueName("web");
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var url = remote(repo, Map.of("README.md", "# profiles\n"));
      var head = pullRequestHead(repo, url, 7, Map.of("web.yaml", profile(web, "SCMP_ACT_LOG")));
      stubHead(GITHUB, head);

      var run =
          CliRun.of(
              plus(args(cluster, url, "github", "/api/v3"), "--dry-run", "--comment-id", "prod"));

      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      assertThat(run.out())
          .contains("diff: 1 to create, 0 to configure, 0 unchanged")
          .contains("### seccomp-sync plan")
          .contains("#### Create `SeccompProfile/" + web + "` from `web.yaml`");
      assertThat(run.err())
          .isEqualTo("plan: dry run; comment plan:prod on pull request #7 not posted\n");
      server.verify(exactly(1), anyRequestedFor(anyUrl()));
      server.verify(getRequestedFor(urlPathEqualTo(GITHUB + "/pulls/7")));
      assertThat(
              server.getAllServeEvents().stream()
                  .map(e -> e.getRequest().getMethod())
                  .filter(m -> !m.equals(RequestMethod.GET)))
          .isEmpty();
    }
  }

  @Test
  void aRefusedTokenIsOneLineNamingThePermission(LocalCluster cluster) throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var url = remote(repo, Map.of("README.md", "# profiles\n"));
      server.stubFor(
          get(urlPathEqualTo(GITHUB + "/pulls/7"))
              .willReturn(
                  aResponse()
                      .withStatus(401)
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"message\": \"Bad credentials\"}")));

      var run = CliRun.of(args(cluster, url, "github", "/api/v3"));

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err())
          .isEqualTo(
              ("error: the token was refused by 127.0.0.1:%d; check the token in %s"
                      + " (--token-file); plan needs a token with pull-requests: write (and"
                      + " contents: read)\n")
                  .formatted(server.port(), tokenFile))
          .doesNotContain(TOKEN);
    }
  }

  @Test
  void giteaPlanTooLongForOneCommentIsCutWithTheCount(LocalCluster cluster) throws Exception {
    var files = new HashMap<String, String>();
    var names = new ArrayList<String>();
    for (var i = 0; i < 40; i++) {
      var name = LocalCluster.uniqueName("big" + i);
      names.add(name);
      files.put("big/" + name + ".yaml", bigProfile(name));
    }
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var url = remote(repo, Map.of("README.md", "# profiles\n"));
      var head = pullRequestHead(repo, url, 7, files);
      stubHead(GITEA, head);
      server.stubFor(get(urlPathEqualTo(GITEA + "/issues/7/comments")).willReturn(okJson("[]")));
      server.stubFor(
          post(urlPathEqualTo(GITEA + "/issues/7/comments"))
              .willReturn(
                  aResponse()
                      .withStatus(201)
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"id\": 9}")));

      var run =
          CliRun.of(plus(args(cluster, url, "forgejo", "/api/v1"), "--comment-id", "staging"));

      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      assertThat(run.out()).contains("diff: 40 to create");
      var posted = server.findAll(postRequestedFor(urlPathEqualTo(GITEA + "/issues/7/comments")));
      assertThat(posted).hasSize(1);
      assertThat(posted.get(0).getHeader("Authorization")).isEqualTo("token " + TOKEN);
      var body = JSON.readTree(posted.get(0).getBodyAsString()).path("body").asString();
      assertThat(body.codePointCount(0, body.length()))
          .isLessThanOrEqualTo(65536)
          .isGreaterThan(60000);
      var shown = body.split("\n#### Create ", -1).length - 1;
      assertThat(shown).isBetween(1, 39);
      assertThat(body)
          .startsWith("<!-- seccomp-sync:plan:staging -->\n")
          .contains("**40 to create, 0 to change, 0 to prune, 0 unchanged, 0 errors**")
          .endsWith(
              "… and "
                  + (40 - shown)
                  + " more objects not shown; run `seccomp-sync diff` for the full plan\n");
      server.verify(
          getRequestedFor(urlPathEqualTo(GITEA + "/issues/7/comments"))
              .withQueryParam("limit", equalTo("50")));
    }
  }

  private static String profile(String name, String action) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata: {name: %s}
    spec:
      defaultAction: %s
      syscalls:
        - {action: SCMP_ACT_ALLOW, names: [read, write]}
    """
        .formatted(name, action);
  }

  /** A profile whose diff is about 2,500 characters: one rule per syscall. */
  private static String bigProfile(String name) {
    var rules = new StringBuilder();
    for (var syscall :
        List.of(
            "read",
            "write",
            "open",
            "close",
            "stat",
            "fstat",
            "lstat",
            "poll",
            "lseek",
            "mmap",
            "mprotect",
            "munmap",
            "brk",
            "ioctl",
            "pread64",
            "pwrite64",
            "readv",
            "writev",
            "access",
            "pipe",
            "select",
            "sched_yield",
            "mremap",
            "msync",
            "mincore",
            "madvise",
            "dup",
            "dup2",
            "pause",
            "nanosleep")) {
      rules.append("    - {action: SCMP_ACT_ALLOW, names: [").append(syscall).append("]}\n");
    }
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata: {name: %s}
    spec:
      defaultAction: SCMP_ACT_ERRNO
      syscalls:
    %s\
    """
        .formatted(name, rules);
  }
}

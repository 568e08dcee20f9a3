package dev.seccompsync.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code promote} end to end: recorded profiles created on a real API server with SPO's labels, a
 * real bare Git remote, and each hosting API served by WireMock. WireMock keeps no state, so the
 * test plays the host between runs: after the pull request is created it answers the list with the
 * pull request as created (the title and body the tool sent), as the real host would.
 */
@RealCluster(SpoGeneration.C)
class PromoteCliTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String TOKEN = "tok-promote-Zq9x7-SECRET";

  @TempDir Path directory;

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** What each provider's API looks like, as far as promotion uses it. */
  enum Host {
    GITHUB("github", "/api/v3", "/api/v3/repos/acme/profiles/pulls", "PATCH", "title", "body"),
    GITLAB(
        "gitlab",
        "/api/v4",
        "/api/v4/projects/acme%2Fprofiles/merge_requests",
        "PUT",
        "title",
        "description"),
    GITEA("gitea", "/api/v1", "/api/v1/repos/acme/profiles/pulls", "PATCH", "title", "body");

    final String provider;
    final String api;
    final String pulls;
    final String editMethod;
    final String titleField;
    final String bodyField;

    Host(
        String provider,
        String api,
        String pulls,
        String editMethod,
        String titleField,
        String bodyField) {
      this.provider = provider;
      this.api = api;
      this.pulls = pulls;
      this.editMethod = editMethod;
      this.titleField = titleField;
      this.bodyField = bodyField;
    }

    /** A pull request as the provider's API returns it. */
    ObjectNode pullRequest(int number, String branch, String title, String body) {
      var pr = JSON.createObjectNode();
      pr.put("id", number * 100).put("title", title).put(bodyField, body);
      switch (this) {
        case GITHUB -> {
          pr.put("number", number).put("state", "open").put("draft", false);
          pr.put("html_url", "https://github.example/acme/profiles/pull/" + number);
          pr.putObject("head")
              .put("ref", branch)
              .put("sha", "0".repeat(40))
              .putObject("repo")
              .put("full_name", "acme/profiles")
              .putObject("owner")
              .put("login", "acme");
          pr.putObject("base").put("ref", "main");
        }
        case GITLAB -> {
          pr.put("iid", number).put("state", "opened").put("draft", false);
          pr.put("source_branch", branch).put("target_branch", "main");
          pr.put("source_project_id", 42).put("target_project_id", 42);
          pr.put("web_url", "https://gitlab.example/acme/profiles/-/merge_requests/" + number);
          pr.putArray("reviewers");
        }
        case GITEA -> {
          pr.put("number", number).put("state", "open").put("merged", false);
          pr.put("html_url", "https://gitea.example/acme/profiles/pulls/" + number);
          pr.putObject("head").put("ref", branch).put("label", branch).put("repo_id", 5);
          pr.putObject("base").put("ref", "main").put("label", "main").put("repo_id", 5);
        }
        default -> throw new IllegalStateException();
      }
      return pr;
    }
  }

  @ParameterizedTest
  @EnumSource(Host.class)
  void aRecordingBecomesOnePullRequestThatRerunsLeaveAloneAndPeoplesCommitsSurvive(
      Host host, LocalCluster cluster) throws Exception {
    var rec = LocalCluster.uniqueName("rec");
    var branch = "seccomp-sync/promote/shop/" + rec;
    cluster.kubectlApply(
        "spo-recorder",
        recorded(rec, "server", rec + "-server-k2x9q", null, "read", "write", "futex"));
    cluster.kubectlApply(
        "spo-recorder",
        recorded(rec, "server", rec + "-server-p4m7z", null, "read", "write", "mknod"));
    cluster.kubectlApply(
        "spo-recorder",
        recorded(
            rec,
            "sidecar",
            rec + "-sidecar",
            "{\"version\":\"v1\",\"total\":3,\"syscalls\":{\"futex\":2}}",
            "close",
            "futex",
            "openat",
            "read",
            "write"));
    var sidecarPath = "profiles/" + rec + "-sidecar.yaml";
    var sidecarInGit = crlfProfile(rec + "-sidecar", "close", "openat", "read", "write");
    var remote =
        GitRepos.bareRemote(
            directory, Map.of(sidecarPath, sidecarInGit, "README.md", "policies\n"));
    stubHost(host, List.of());
    server.stubFor(
        post(urlPathEqualTo(host.pulls))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(host.pullRequest(12, branch, "t", "b").toString())));

    var first = promote(host, remote, cluster, rec);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("shop/" + rec + ": PR #12 opened");
    assertThat(first.err()).doesNotContain(TOKEN);
    var created = onlyRequest("POST", host.pulls);
    var sent = JSON.readTree(created.getBodyAsString());
    var title = sent.path(host.titleField).asString();
    var body = sent.path(host.bodyField).asString();
    assertThat(title).isEqualTo("Promote recorded seccomp profiles from shop/" + rec);
    assertThat(body)
        .contains("<!-- seccomp-sync:proposal recording=shop/" + rec + " hash=")
        .contains(
            "| `"
                + rec
                + "-server` | `server` | `profiles/"
                + rec
                + "-server.yaml` |"
                + " new profile, 4 syscalls |")
        .contains("| `" + rec + "-sidecar` | `sidecar` | `" + sidecarPath + "` | +1 syscall |")
        .contains("united 2 replica profiles of container server")
        .contains("- **Syscalls added (1):** `futex`")
        .contains("Coverage (runs of the recording that used each added syscall): `futex` 2/3")
        .contains("--revision " + branch)
        .doesNotContain(TOKEN);
    var tip = tip(remote, branch);
    assertThat(parents(remote, tip)).containsExactly(tip(remote, "main"));
    assertThat(read(remote, tip, "profiles/" + rec + "-server.yaml"))
        .contains("name: " + rec + "-server\n")
        .contains("seccomp-sync.dev/recording: shop/" + rec)
        .contains("        - futex\n        - mknod\n        - read\n        - write\n")
        .doesNotContain("spo.x-k8s.io")
        .doesNotContain("k2x9q");
    assertThat(read(remote, tip, sidecarPath))
        .isEqualTo(sidecarInGit.replace("- close\r\n", "- close\r\n        - futex\r\n"));

    // The host now has the pull request as it was created.
    stubHost(host, List.of(host.pullRequest(12, branch, title, body)));
    var drift =
        CliRun.of(
            "drift",
            "--repo",
            remote.toUri().toString(),
            "--provider",
            host.provider,
            "--api-url",
            "http://127.0.0.1:" + server.port() + host.api,
            "--project",
            "acme/profiles",
            "--token-file",
            directory.resolve("token").toString(),
            "--kubeconfig",
            cluster.kubeconfig().toString());
    assertThat(drift.out())
        .containsPattern(
            "(?m)^recorded +SeccompProfile/"
                + rec
                + "-server-k2x9q +- +not in Git, promoted in PR"
                + " #12 \\(open\\) from recording shop/"
                + rec
                + ": https://");
    server.resetRequests();
    for (int run = 2; run <= 3; run++) {
      var again = promote(host, remote, cluster, rec);
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).contains("shop/" + rec + ": PR #12 unchanged");
      assertThat(tip(remote, branch)).isEqualTo(tip);
    }
    assertThat(server.findAll(anyRequestedFor(anyUrl())))
        .allMatch(r -> r.getMethod().getName().equals("GET"));

    // A reviewer pushes a fix; then the workload records one more syscall.
    var reviewer =
        GitRepos.pushAs(
            directory.resolve("people"),
            remote,
            branch,
            "Jane Reviewer",
            "jane@example.org",
            "Reviewer's fix",
            Map.of("README.md", "policies, reviewed\n"));
    cluster.kubectlApply(
        "spo-recorder",
        recorded(
            rec, "server", rec + "-server-k2x9q", null, "read", "write", "futex", "epoll_wait"));
    server.resetRequests();
    server.stubFor(
        WireMock.request(host.editMethod, urlPathEqualTo(host.pulls + "/12"))
            .willReturn(okJson(host.pullRequest(12, branch, title, "edited").toString())));

    var fourth = promote(host, remote, cluster, rec);

    assertThat(fourth.exitCode()).as(fourth.err()).isZero();
    assertThat(fourth.out()).contains("shop/" + rec + ": PR #12 updated");
    var newTip = tip(remote, branch);
    assertThat(parents(remote, newTip)).containsExactly(reviewer);
    assertThat(read(remote, newTip, "README.md")).isEqualTo("policies, reviewed\n");
    assertThat(read(remote, newTip, "profiles/" + rec + "-server.yaml")).contains("- epoll_wait");
    var edit = onlyRequest(host.editMethod, host.pulls + "/12");
    assertThat(JSON.readTree(edit.getBodyAsString()).path(host.bodyField).asString())
        .contains("new profile, 5 syscalls");
    assertThat(server.findAll(postRequestedFor(anyUrl()))).isEmpty();
  }

  private void stubHost(Host host, List<ObjectNode> open) {
    var array = JSON.createArrayNode();
    open.forEach(array::add);
    server.stubFor(
        get(urlPathEqualTo(host.pulls))
            .withQueryParam("state", WireMock.equalTo(host == Host.GITLAB ? "opened" : "open"))
            .willReturn(okJson(array.toString())));
    server.stubFor(
        get(urlPathEqualTo(host.pulls))
            .withQueryParam("state", WireMock.matching("closed|merged|all"))
            .willReturn(okJson("[]")));
  }

  private LoggedRequest onlyRequest(String method, String path) {
    var matching =
        server.findAll(anyRequestedFor(urlPathEqualTo(path))).stream()
            .filter(r -> r.getMethod().getName().equals(method))
            .toList();
    assertThat(matching).as(method + " " + path).hasSize(1);
    return matching.get(0);
  }

  private CliRun promote(Host host, Path remote, LocalCluster cluster, String recording)
      throws Exception {
    var tokenFile = directory.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    return CliRun.of(
        "promote",
        "--repo",
        remote.toUri().toString(),
        "--recording",
        recording,
        "--provider",
        host.provider,
        "--api-url",
        "http://127.0.0.1:" + server.port() + host.api,
        "--project",
        "acme/profiles",
        "--token-file",
        tokenFile.toString(),
        "--kubeconfig",
        cluster.kubeconfig().toString());
  }

  /** A recorded profile as SPO's recorder writes it: labels, a flow list, unsorted names. */
  static String recorded(
      String recording, String container, String name, String coverage, String... names) {
    var annotations =
        coverage == null
            ? ""
            : "  annotations:\n    spo.x-k8s.io/syscall-coverage: '" + coverage + "'\n";
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata:
      name: %s
      labels:
        spo.x-k8s.io/recording-id: %s
        spo.x-k8s.io/recording-namespace: shop
        spo.x-k8s.io/container-id: %s
        spo.x-k8s.io/profile-id: SeccompProfile-%s
    %sspec:
      defaultAction: SCMP_ACT_ERRNO
      architectures: [SCMP_ARCH_X86_64]
      syscalls:
      - action: SCMP_ACT_ALLOW
        names: [%s]
    """
        .formatted(name, recording, container, name, annotations, String.join(", ", names));
  }

  static String crlfProfile(String name, String... names) {
    var lines =
        new ArrayList<String>(
            List.of(
                "# Reviewed by the platform team",
                "apiVersion: security-profiles-operator.x-k8s.io/v1",
                "kind: SeccompProfile",
                "metadata:",
                "  name: " + name,
                "spec:",
                "  defaultAction: SCMP_ACT_ERRNO",
                "  syscalls:",
                "    - action: SCMP_ACT_ALLOW",
                "      # keep sorted",
                "      names:"));
    for (var n : names) {
      lines.add("        - " + n);
    }
    lines.add("");
    return String.join("\r\n", lines);
  }

  static String tip(Path remote, String branch) throws Exception {
    try (var git = Git.open(remote.toFile())) {
      var ref = git.getRepository().exactRef(Constants.R_HEADS + branch);
      return ref == null ? null : ref.getObjectId().name();
    }
  }

  static List<String> parents(Path remote, String commit) throws Exception {
    try (var git = Git.open(remote.toFile());
        var walk = new RevWalk(git.getRepository())) {
      var parsed = walk.parseCommit(git.getRepository().resolve(commit));
      var parents = new ArrayList<String>();
      for (var parent : parsed.getParents()) {
        parents.add(parent.name());
      }
      return parents;
    }
  }

  static String read(Path remote, String commit, String path) throws Exception {
    try (var git = Git.open(remote.toFile());
        var walk = new RevWalk(git.getRepository())) {
      var tree = walk.parseCommit(git.getRepository().resolve(commit)).getTree();
      try (var entry = TreeWalk.forPath(git.getRepository(), path, tree)) {
        assertThat(entry).as(path + " at " + commit).isNotNull();
        return new String(
            git.getRepository().open(entry.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}

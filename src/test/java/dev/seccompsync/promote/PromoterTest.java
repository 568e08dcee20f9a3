package dev.seccompsync.promote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.seccompsync.git.BranchRepository;
import dev.seccompsync.promote.PromotionResult.Status;
import dev.seccompsync.testing.GitRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The promoter against a real bare repository (file://) and GitHub's API in WireMock: the hourly
 * job of the shared case of duplicate bot pull requests, people's commits that conflict, and a
 * branch that moves between read and push.
 */
class PromoterTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PULLS = "/api/v3/repos/acme/profiles/pulls";
  private static final String PATH = "profiles/web.yaml";
  private static final String BRANCH = "seccomp-sync/promote/team-a/web";

  @TempDir Path directory;

  private HostFixture fixture;
  private Path remote;
  private Path work;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new HostFixture();
    work = directory.resolve("work");
    remote =
        GitRepos.bareRemote(
            directory, Map.of(PATH, gitProfile("close", "openat", "read", "write")));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  static String gitProfile(String... names) {
    var out = new StringBuilder();
    out.append("apiVersion: security-profiles-operator.x-k8s.io/v1beta1\n")
        .append("kind: SeccompProfile\nmetadata:\n  name: web\n  namespace: team-a\n")
        .append("spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n")
        .append("    - action: SCMP_ACT_ALLOW\n      names:\n");
    for (var name : names) {
      out.append("        - ").append(name).append("\n");
    }
    return out.toString();
  }

  static Recording recordingOf(String... names) {
    return recordingNamed("web", names);
  }

  static Recording recordingNamed(String name, String... names) {
    var yaml =
        """
        apiVersion: security-profiles-operator.x-k8s.io/v1beta1
        kind: SeccompProfile
        metadata:
          name: %s
          namespace: team-a
          labels: {spo.x-k8s.io/recording-id: web}
        spec:
          defaultAction: SCMP_ACT_ERRNO
          syscalls:
            - action: SCMP_ACT_ALLOW
              names: [%s]
        """
            .formatted(name, String.join(", ", names));
    var profile =
        RecordedProfile.of(
            (ObjectNode) tools.jackson.dataformat.yaml.YAMLMapper.builder().build().readTree(yaml));
    return new Recordings(Recordings.Options.defaults()).group(List.of(profile)).get(0);
  }

  private Promoter promoter(BranchRepository repository) {
    return promoter(repository, false);
  }

  private Promoter promoter(BranchRepository repository, boolean dryRun) {
    var host =
        new GitHubHost(
            fixture.http(fixture.target(Provider.GITHUB, "/api/v3", "acme", "profiles")));
    var proposer =
        new Proposer(
            new Proposer.Options(null, false, true, "security-profiles-operator.x-k8s.io/v1beta1"));
    return new Promoter(
        repository,
        host,
        proposer,
        new Promoter.Options(
            "main",
            List.of(),
            new PersonIdent("seccomp-sync", "bot@example.org"),
            List.of(),
            List.of(),
            false,
            dryRun));
  }

  private BranchRepository repository() {
    return BranchRepository.open(directory.resolve("cache"), remote.toString(), null);
  }

  private void hostHas(List<ObjectNode> open, List<ObjectNode> closed) {
    var openArray = JSON.createArrayNode();
    open.forEach(openArray::add);
    var closedArray = JSON.createArrayNode();
    closed.forEach(closedArray::add);
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .withQueryParam("state", WireMock.equalTo("open"))
            .willReturn(okJson(openArray.toString())));
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .withQueryParam("state", WireMock.equalTo("closed"))
            .willReturn(okJson(closedArray.toString())));
  }

  /** The host answers a create with pull request {@code number}. */
  private void hostCreates(int number) {
    fixture.server.stubFor(
        post(urlPathEqualTo(PULLS))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(pr(number, "open", "t", "b", false).toString())));
  }

  static ObjectNode pr(int number, String state, String title, String body, boolean merged) {
    var pr = JSON.createObjectNode();
    pr.put("id", number * 10).put("number", number).put("state", state);
    pr.put("title", title).put("body", body).put("draft", false);
    pr.put("html_url", "https://github.example/acme/profiles/pull/" + number);
    if (merged) {
      pr.put("merged_at", "2026-03-01T10:00:00Z");
    } else {
      pr.putNull("merged_at");
    }
    pr.putObject("head")
        .put("ref", BRANCH)
        .put("sha", "1".repeat(40))
        .putObject("repo")
        .put("full_name", "acme/profiles")
        .putObject("owner")
        .put("login", "acme");
    pr.putObject("base").put("ref", "main");
    return pr;
  }

  private String tip(String branch) throws Exception {
    try (var git = Git.open(remote.toFile())) {
      var ref = git.getRepository().exactRef(Constants.R_HEADS + branch);
      return ref == null ? null : ref.getObjectId().name();
    }
  }

  private long writes() {
    return fixture.server.findAll(anyRequestedFor(anyUrl())).stream()
        .filter(r -> !r.getMethod().getName().equals("GET"))
        .count();
  }

  @Test
  void anHourlyJobKeepsOnePullRequestAndNeverProposesAClosedProposalAgain() throws Exception {
    hostCreates(12);
    fixture.server.stubFor(
        patch(urlPathEqualTo(PULLS + "/12"))
            .willReturn(okJson(pr(12, "open", "t", "b", false).toString())));
    hostHas(List.of(), List.of());
    try (var repository = repository()) {
      var promoter = promoter(repository);

      // Run 1: the recording adds futex.
      var first = promoter.promote(recordingOf("close", "futex", "openat", "read", "write"));
      assertThat(first.status()).isEqualTo(Status.OPENED);
      assertThat(first.pullRequest().number()).isEqualTo(12);
      var created =
          JSON.readTree(
              fixture
                  .server
                  .findAll(WireMock.postRequestedFor(urlPathEqualTo(PULLS)))
                  .get(0)
                  .getBodyAsString());
      var title = created.path("title").asString();
      var body = created.path("body").asString();
      var afterFirst = tip(BRANCH);

      // Run 2: nothing changed; the pull request is open as created.
      hostHas(List.of(pr(12, "open", title, body, false)), List.of());
      fixture.server.resetRequests();
      var second = promoter.promote(recordingOf("close", "futex", "openat", "read", "write"));
      assertThat(second.status()).isEqualTo(Status.UNCHANGED);
      assertThat(tip(BRANCH)).isEqualTo(afterFirst);
      assertThat(writes()).isZero();

      // Run 3: epoll_wait as well; the same pull request is updated in place.
      var third =
          promoter.promote(recordingOf("close", "epoll_wait", "futex", "openat", "read", "write"));
      assertThat(third.status()).isEqualTo(Status.UPDATED);
      assertThat(third.pullRequest().number()).isEqualTo(12);
      assertThat(third.branch()).isEqualTo(BRANCH);
      assertThat(fixture.server.findAll(WireMock.postRequestedFor(anyUrl()))).isEmpty();
      assertThat(fixture.server.findAll(WireMock.patchRequestedFor(urlPathEqualTo(PULLS + "/12"))))
          .hasSize(1);

      // Run 4: the pull request was merged; main equals the recording.
      try (var repo = Git.open(work.toFile())) {
        Files.writeString(
            work.resolve(PATH),
            gitProfile("close", "epoll_wait", "futex", "openat", "read", "write"));
        repo.add().addFilepattern(PATH).call();
        repo.commit().setMessage("Merge the promotion").setAuthor("Jane", "j@example.org").call();
        repo.push().setRemote(remote.toUri().toString()).add("main").call();
      }
      hostHas(List.of(), List.of(pr(12, "closed", title, body, true)));
      fixture.server.resetRequests();
      var fourth =
          promoter.promote(recordingOf("close", "epoll_wait", "futex", "openat", "read", "write"));
      assertThat(fourth.status()).isEqualTo(Status.NOTHING_NEW);
      assertThat(writes()).isZero();

      // Run 5: people closed (not merged) a later proposal of ptrace; it is not proposed again.
      var withPtrace =
          recordingOf("close", "epoll_wait", "futex", "openat", "ptrace", "read", "write");
      var dry =
          new Proposer(
                  new Proposer.Options(
                      null, false, true, "security-profiles-operator.x-k8s.io/v1beta1"))
              .propose(
                  withPtrace,
                  repository.read(repository.fetch("main").get("main"), p -> p.endsWith(".yaml")));
      var closedBody = PullRequestBody.render(dry, "r", "main", 65536);
      hostHas(List.of(), List.of(pr(13, "closed", title, closedBody, false)));
      var tipBefore = tip(BRANCH);
      fixture.server.resetRequests();
      var fifth = promoter.promote(withPtrace);
      assertThat(fifth.status()).isEqualTo(Status.DECLINED);
      assertThat(fifth.message()).contains("PR #13 proposed exactly this");
      assertThat(writes()).isZero();
      assertThat(tip(BRANCH)).isEqualTo(tipBefore);
    }
  }

  @Test
  void anOpenPullRequestWhoseContentTheBaseHasIsClosedWithAComment() throws Exception {
    // main already allows everything recorded, but the pull request is still open.
    var marked = "<!-- seccomp-sync:proposal recording=team-a/web hash=0123456789ab -->\nb";
    hostHas(List.of(pr(12, "open", "t", marked, false)), List.of());
    fixture.server.stubFor(
        post(urlPathEqualTo("/api/v3/repos/acme/profiles/issues/12/comments"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\": 7, \"body\": \"c\"}")));
    fixture.server.stubFor(
        patch(urlPathEqualTo(PULLS + "/12"))
            .willReturn(okJson(pr(12, "closed", "t", "b", false).toString())));
    try (var repository = repository()) {
      var result = promoter(repository).promote(recordingOf("close", "openat", "read"));

      assertThat(result.status()).isEqualTo(Status.CLOSED);
      assertThat(result.message()).contains("PR #12 closed");
      var comment =
          fixture.server.findAll(
              WireMock.postRequestedFor(
                  urlPathEqualTo("/api/v3/repos/acme/profiles/issues/12/comments")));
      assertThat(comment)
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.getBodyAsString())
                      .contains("already allows every syscall this recording proposed"));
      var edits = fixture.server.findAll(WireMock.patchRequestedFor(urlPathEqualTo(PULLS + "/12")));
      var close =
          edits.stream().filter(r -> JSON.readTree(r.getBodyAsString()).has("state")).toList();
      // The marker is retired first, so that this close is not taken for people declining it.
      assertThat(edits.get(0).getBodyAsString()).contains("hash=none");
      assertThat(close)
          .singleElement()
          .satisfies(
              r ->
                  assertThat(JSON.readTree(r.getBodyAsString()).path("state").asString())
                      .isEqualTo("closed"));
      assertThat(tip(BRANCH)).isNull();
    }
  }

  @Test
  void aFileInGitThatDoesNotLoadLeavesTheBranchAndItsPullRequestAlone() throws Exception {
    hostHas(List.of(pr(12, "open", "t", "b", false)), List.of());
    try (var repo = Git.open(work.toFile())) {
      Files.writeString(work.resolve("profiles/broken.yaml"), "kind: [unclosed\n");
      repo.add().addFilepattern("profiles/broken.yaml").call();
      repo.commit().setMessage("Break a file").setAuthor("Jane", "j@example.org").call();
      repo.push().setRemote(remote.toUri().toString()).add("main").call();
    }
    try (var repository = repository()) {
      // A profile Git does not have: the broken file might hold it.
      var recording = recordingNamed("api", "read");

      var result = promoter(repository).promote(recording);

      assertThat(result.status()).isEqualTo(Status.BLOCKED);
      assertThat(result.status().needsAttention()).isTrue();
      assertThat(result.message())
          .contains("branch and pull request left as they are")
          .contains("profiles/broken.yaml");
      assertThat(writes()).isZero();
      assertThat(tip(BRANCH)).isNull();
    }
  }

  @Test
  void twoJobsCreatingAtOnceShareOnePullRequest() throws Exception {
    // The other job's pull request appears between this job's lookup and its create.
    hostHas(List.of(), List.of());
    fixture.server.stubFor(
        post(urlPathEqualTo(PULLS))
            .inScenario("race")
            .willSetStateTo("exists")
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
                            + "\"PullRequest\",\"code\":\"custom\",\"message\":\"A pull request"
                            + " already exists for acme:"
                            + BRANCH
                            + ".\"}]}")));
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .inScenario("race")
            .whenScenarioStateIs("exists")
            .withQueryParam("state", WireMock.equalTo("open"))
            .willReturn(okJson("[" + pr(12, "open", "t", "b", false) + "]")));
    fixture.server.stubFor(
        patch(urlPathEqualTo(PULLS + "/12"))
            .willReturn(okJson(pr(12, "open", "t", "b", false).toString())));
    try (var repository = repository()) {
      var result =
          promoter(repository).promote(recordingOf("close", "futex", "openat", "read", "write"));

      assertThat(result.status()).isEqualTo(Status.OPENED);
      assertThat(result.pullRequest().number()).isEqualTo(12);
    }
  }

  @Test
  void peoplesCommitsThatConflictLeaveTheBranchAlone() throws Exception {
    hostHas(List.of(), List.of());
    hostCreates(12);
    try (var repository = repository()) {
      var promoter = promoter(repository);
      promoter.promote(recordingOf("close", "futex", "openat", "read", "write"));
      // A reviewer removes the file the tool proposed changes to.
      GitRepos.pushAs(
          directory.resolve("people"),
          remote,
          BRANCH,
          "Jane Reviewer",
          "jane@example.org",
          "Not this profile",
          java.util.Collections.singletonMap(PATH, null));
      var reviewed = tip(BRANCH);
      fixture.server.resetRequests();

      var dry =
          promoter(repository, true)
              .promote(recordingOf("close", "futex", "mknod", "openat", "read", "write"));
      var result =
          promoter.promote(recordingOf("close", "futex", "mknod", "openat", "read", "write"));

      // A dry run foresees what the run does.
      assertThat(dry.status()).isEqualTo(Status.LEFT_ALONE);
      assertThat(dry.message()).startsWith("dry run: branch " + BRANCH + " left alone");
      assertThat(result.status()).isEqualTo(Status.LEFT_ALONE);
      assertThat(result.status().needsAttention()).isTrue();
      assertThat(result.message())
          .contains("branch " + BRANCH + " left alone")
          .contains("by Jane Reviewer <jane@example.org>");
      assertThat(tip(BRANCH)).isEqualTo(reviewed);
      assertThat(writes()).isZero();
    }
  }

  @Test
  void aReviewersEditNextToTheNewSyscallsIsKeptAndTheyGoOnTop() throws Exception {
    hostHas(List.of(), List.of());
    hostCreates(12);
    try (var repository = repository()) {
      var promoter = promoter(repository);
      promoter.promote(recordingOf("close", "futex", "openat", "read", "write"));
      // A reviewer rewrites the lines the new syscall goes between.
      GitRepos.pushAs(
          directory.resolve("people"),
          remote,
          BRANCH,
          "Jane Reviewer",
          "jane@example.org",
          "Trim",
          Map.of(PATH, gitProfile("close", "fstat", "openat")));
      var reviewed = tip(BRANCH);
      fixture.server.resetRequests();

      var result =
          promoter.promote(recordingOf("close", "futex", "mknod", "openat", "read", "write"));

      assertThat(result.status()).isEqualTo(Status.OPENED);
      var tip = tip(BRANCH);
      try (var git = Git.open(remote.toFile())) {
        var repo = git.getRepository();
        var commit = repo.parseCommit(repo.resolve(tip));
        assertThat(commit.getParent(0).name()).isEqualTo(reviewed);
        try (var walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, PATH, commit.getTree())) {
          assertThat(text(repo.open(walk.getObjectId(0)).getBytes()))
              .isEqualTo(gitProfile("close", "fstat", "mknod", "openat"));
        }
      }
    }
  }

  @Test
  void everyOneOfPeoplesCommitsSurvivesLaterRuns() throws Exception {
    hostHas(List.of(), List.of());
    hostCreates(12);
    fixture.server.stubFor(
        patch(urlPathEqualTo(PULLS + "/12"))
            .willReturn(okJson(pr(12, "open", "t", "b", false).toString())));
    try (var repository = repository()) {
      var promoter = promoter(repository);
      promoter.promote(recordingOf("close", "futex", "openat", "read", "write"));
      hostHas(List.of(pr(12, "open", "t", "b", false)), List.of());
      var reviewed =
          "# reviewed by alice\n" + gitProfile("close", "futex", "openat", "read", "write");
      reviewerPush(PATH, reviewed, "Note the review");

      var second =
          promoter.promote(recordingOf("close", "futex", "getpid", "openat", "read", "write"));
      assertThat(second.status()).isEqualTo(Status.UPDATED);
      reviewerPush(
          PATH,
          "# reviewed by alice\n" + gitProfile("close", "futex", "getpid", "openat", "read"),
          "Drop write");

      var third =
          promoter.promote(
              recordingOf("close", "futex", "getpid", "gettid", "openat", "read", "write"));

      assertThat(third.status()).isEqualTo(Status.UPDATED);
      try (var git = Git.open(remote.toFile())) {
        var repo = git.getRepository();
        var tree = repo.parseCommit(repo.resolve(tip(BRANCH))).getTree();
        try (var walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, PATH, tree)) {
          assertThat(text(repo.open(walk.getObjectId(0)).getBytes()))
              .isEqualTo(
                  "# reviewed by alice\n"
                      + gitProfile("close", "futex", "getpid", "gettid", "openat", "read"));
        }
      }

      // Alice drops futex, which the tool proposed; two later runs add more, never futex again.
      reviewerPush(
          PATH,
          "# reviewed by alice\n" + gitProfile("close", "getpid", "gettid", "openat", "read"),
          "Drop futex");
      for (var more : List.of("uname", "umask")) {
        var run =
            promoter.promote(
                recordingOf(
                    "close", "futex", "getpid", "gettid", "openat", "read", "umask", "uname",
                    "write"));
        assertThat(run.status()).as(more).isEqualTo(Status.UPDATED);
      }
      // The description tells what the branch does, not what the tool alone would propose.
      var edits = fixture.server.findAll(WireMock.patchRequestedFor(urlPathEqualTo(PULLS + "/12")));
      var described = JSON.readTree(edits.get(edits.size() - 1).getBodyAsString()).path("body");
      assertThat(described.asString())
          .contains("left out on the branch by people: `futex`")
          .doesNotContainPattern("Syscalls added \\([0-9]+\\):\\*\\* [^\\n]*`futex`");
      try (var git = Git.open(remote.toFile())) {
        var repo = git.getRepository();
        var tree = repo.parseCommit(repo.resolve(tip(BRANCH))).getTree();
        try (var walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, PATH, tree)) {
          assertThat(text(repo.open(walk.getObjectId(0)).getBytes()))
              .isEqualTo(
                  "# reviewed by alice\n"
                      + gitProfile(
                          "close", "getpid", "gettid", "openat", "read", "umask", "uname"));
        }
      }
    }
  }

  /** A person's commit on the promotion branch, pushed. */
  private void reviewerPush(String path, String content, String message) {
    GitRepos.pushAs(
        directory.resolve("people"),
        remote,
        BRANCH,
        "Alice",
        "alice@example.org",
        message,
        Map.of(path, content));
  }

  @Test
  void aBranchThatMovesBetweenReadAndPushIsReadAgain() throws Exception {
    hostHas(List.of(), List.of());
    hostCreates(12);
    try (var repository = repository()) {
      var promoter = promoter(repository);
      var moves = new java.util.concurrent.atomic.AtomicInteger();
      promoter.beforePush(
          () -> {
            if (moves.getAndIncrement() == 0) {
              pushElsewhere(BRANCH);
            }
          });

      var result = promoter.promote(recordingOf("close", "futex", "openat", "read", "write"));

      assertThat(moves).hasValue(2);
      assertThat(result.status()).isEqualTo(Status.OPENED);
      var tip = tip(BRANCH);
      try (var git = Git.open(remote.toFile())) {
        var message =
            git.getRepository().parseCommit(git.getRepository().resolve(tip)).getFullMessage();
        assertThat(message).contains(Promoter.PROPOSAL_TRAILER + ": ");
      }
    }
  }

  /** Another writer creates the branch at main, as a second job or a person would. */
  private void pushElsewhere(String branch) {
    try (var git = Git.open(work.toFile())) {
      git.push().setRemote(remote.toUri().toString()).add("main:refs/heads/" + branch).call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

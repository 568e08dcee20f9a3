package dev.seccompsync.promote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.seccompsync.promote.HostFixture.TOKEN;
import static dev.seccompsync.promote.HostFixture.assertNoToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GitHub REST v3, here as an Enterprise Server at {@code /api/v3}. */
class GitHubHostTest {

  private static final String API = "/api/v3";
  private static final String REPO = API + "/repos/acme/profiles";
  private static final String BRANCH = "seccomp-sync/promote-prod";

  private static HostFixture fixture;
  private GitHubHost host;

  @BeforeAll
  static void start() {
    fixture = new HostFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void setUp() {
    fixture.reset();
    host = new GitHubHost(fixture.http(fixture.target(Provider.GITHUB, API, "acme", "profiles")));
  }

  static String pr(int number, String head, String base, String title, String body) {
    return """
    {"id": %d000, "number": %d, "state": "open", "title": "%s", "body": "%s",
     "html_url": "https://ghe.example/acme/profiles/pull/%d", "draft": false,
     "merged_at": null,
     "head": {"ref": "%s", "sha": "0123456789abcdef0123456789abcdef01234567",
              "repo": {"full_name": "acme/profiles", "owner": {"login": "acme"}}},
     "base": {"ref": "%s", "sha": "fedcba9876543210fedcba9876543210fedcba98"}}
    """
        .formatted(number, number, title, body, number, head, base);
  }

  static String comment(long id, String body) {
    return "{\"id\": %d, \"body\": \"%s\", \"user\": {\"login\": \"bot\"}}".formatted(id, body);
  }

  @Test
  void findOpenAsksForTheHeadAndBaseAndSendsTheApiHeaders() {
    fixture.server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(okJson("[" + pr(12, BRANCH, "main", "Promote", "b") + "]")));

    var found = host.findOpen(BRANCH, "main");

    assertThat(found)
        .contains(
            new PullRequest(
                12,
                "https://ghe.example/acme/profiles/pull/12",
                BRANCH,
                "main",
                "Promote",
                "b",
                "open"));
    fixture.server.verify(
        getRequestedFor(urlPathEqualTo(REPO + "/pulls"))
            .withQueryParam("state", equalTo("open"))
            .withQueryParam("head", equalTo("acme:" + BRANCH))
            .withQueryParam("base", equalTo("main"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Accept", equalTo("application/vnd.github+json"))
            .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
            .withHeader("User-Agent", matching("seccomp-sync.*")));
    assertNoToken(found.get(), host, host.target());
  }

  @Test
  void findOpenKeepsOnlyThisBranchFromThisRepository() {
    var fork =
        pr(3, BRANCH, "main", "fork", "").replace("\"login\": \"acme\"", "\"login\": \"mallory\"");
    fixture.server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(okJson("[" + pr(2, "other", "main", "x", "") + "," + fork + "]")));

    assertThat(host.findOpen(BRANCH, "main")).isEmpty();
  }

  @Test
  void createOpensTheDraftThenLabelsItAndAsksForReviews() {
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(pr(7, BRANCH, "main", "Promote to prod", "plan"))));
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/issues/7/labels")).willReturn(okJson("[]")));
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/pulls/7/requested_reviewers"))
            .willReturn(okJson(pr(7, BRANCH, "main", "Promote to prod", "plan"))));

    var created =
        host.create(
            new PullRequestDraft(
                BRANCH,
                "main",
                "Promote to prod",
                "plan",
                List.of("seccomp", "automated"),
                List.of("alice", "acme/platform"),
                true));

    assertThat(created.number()).isEqualTo(7);
    assertThat(created.state()).isEqualTo("open");
    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/pulls"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {"title": "Promote to prod", "head": "%s", "base": "main",
                     "body": "plan", "draft": true}
                    """
                        .formatted(BRANCH))));
    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/issues/7/labels"))
            .withRequestBody(equalToJson("{\"labels\": [\"seccomp\", \"automated\"]}")));
    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/pulls/7/requested_reviewers"))
            .withRequestBody(
                equalToJson("{\"reviewers\": [\"alice\"], \"team_reviewers\": [\"platform\"]}")));
  }

  @Test
  void createAnsweredAlreadyExistsFindsThePullRequestAndUpdatesIt() {
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"message": "Validation Failed",
                         "errors": [{"resource": "PullRequest", "code": "custom",
                           "message": "A pull request already exists for acme:%s."}],
                         "documentation_url": "https://docs.github.com/rest/pulls/pulls"}
                        """
                            .formatted(BRANCH))));
    fixture.server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(okJson("[" + pr(5, BRANCH, "main", "old", "old body") + "]")));
    fixture.server.stubFor(
        patch(urlPathEqualTo(REPO + "/pulls/5"))
            .willReturn(okJson(pr(5, BRANCH, "main", "Promote", "new body"))));
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/issues/5/labels")).willReturn(okJson("[]")));

    var pr =
        host.create(
            new PullRequestDraft(
                BRANCH, "main", "Promote", "new body", List.of("seccomp"), List.of(), false));

    assertThat(pr.number()).isEqualTo(5);
    assertThat(pr.title()).isEqualTo("Promote");
    assertThat(pr.body()).isEqualTo("new body");
    fixture.server.verify(
        getRequestedFor(urlPathEqualTo(REPO + "/pulls"))
            .withQueryParam("head", equalTo("acme:" + BRANCH))
            .withQueryParam("base", equalTo("main")));
    fixture.server.verify(
        patchRequestedFor(urlPathEqualTo(REPO + "/pulls/5"))
            .withRequestBody(equalToJson("{\"title\": \"Promote\", \"body\": \"new body\"}")));
    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/issues/5/labels"))
            .withRequestBody(equalToJson("{\"labels\": [\"seccomp\"]}")));
  }

  @Test
  void anotherValidationFailureSaysWhatToCheck() {
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withBody(
                        "{\"message\": \"Validation Failed\", \"errors\": [{\"resource\":"
                            + " \"PullRequest\", \"code\": \"custom\", \"message\":"
                            + " \"No commits between main and "
                            + BRANCH
                            + "\"}]}")));

    assertThatThrownBy(() -> host.create(PullRequestDraft.of(BRANCH, "main", "t", "b")))
        .isInstanceOf(HostingException.class)
        .hasMessageContaining("repository acme/profiles on " + fixture.host())
        .hasMessageContaining("No commits between main and " + BRANCH)
        .hasMessageContaining("check that the branch is pushed");
  }

  @Test
  void updatePatchesTitleAndBody() {
    fixture.server.stubFor(
        patch(urlPathEqualTo(REPO + "/pulls/9"))
            .willReturn(okJson(pr(9, BRANCH, "main", "New title", "New body"))));
    var before = new PullRequest(9, "u", BRANCH, "main", "Old", "old", "open");

    var after = host.update(before, "New title", "New body");

    assertThat(after.title()).isEqualTo("New title");
    fixture.server.verify(
        patchRequestedFor(urlPathEqualTo(REPO + "/pulls/9"))
            .withRequestBody(equalToJson("{\"title\": \"New title\", \"body\": \"New body\"}")));
  }

  @Test
  void closeCommentsFirstThenCloses() {
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/issues/9/comments"))
            .willReturn(aResponse().withStatus(201).withBody(comment(1, "superseded"))));
    fixture.server.stubFor(
        patch(urlPathEqualTo(REPO + "/pulls/9"))
            .willReturn(okJson(pr(9, BRANCH, "main", "t", "b").replace("\"open\"", "\"closed\""))));

    host.close(new PullRequest(9, "u", BRANCH, "main", "t", "b", "open"), "superseded by #10");

    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/issues/9/comments"))
            .withRequestBody(equalToJson("{\"body\": \"superseded by #10\"}")));
    fixture.server.verify(
        patchRequestedFor(urlPathEqualTo(REPO + "/pulls/9"))
            .withRequestBody(equalToJson("{\"state\": \"closed\"}")));
    var events = fixture.server.getAllServeEvents();
    // Newest first: the PATCH came after the comment.
    assertThat(events.get(0).getRequest().getMethod().getName()).isEqualTo("PATCH");
    assertThat(events.get(1).getRequest().getMethod().getName()).isEqualTo("POST");
  }

  @Test
  void upsertCommentCreatesOnceThenEditsTheCommentOnTheSecondPage() {
    var comments = REPO + "/issues/4/comments";
    var next =
        "<http://127.0.0.1/api/v3/repos/acme/profiles/issues/4/comments?per_page=100&page=2>;"
            + " rel=\"next\"";
    fixture.server.stubFor(
        get(urlPathEqualTo(comments))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                okJson("[" + comment(901, "looks good") + "," + comment(902, "lgtm") + "]")
                    .withHeader("Link", next)));
    fixture.server.stubFor(
        get(urlPathEqualTo(comments))
            .withQueryParam("page", equalTo("2"))
            .willReturn(okJson("[" + comment(903, "unrelated") + "]")));
    fixture.server.stubFor(
        post(urlPathEqualTo(comments))
            .willReturn(aResponse().withStatus(201).withBody(comment(904, "x"))));

    host.upsertComment(4, "plan", "## Plan: 3 profiles change");

    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(comments))
            .withRequestBody(
                equalToJson(
                    "{\"body\": \"<!-- seccomp-sync:plan -->\\n## Plan: 3 profiles change\"}")));
    fixture.server.verify(
        getRequestedFor(urlPathEqualTo(comments))
            .withQueryParam("per_page", equalTo("100"))
            .withQueryParam("page", equalTo("2")));

    // The second run finds its comment on page 2 and edits it.
    fixture.server.stubFor(
        get(urlPathEqualTo(comments))
            .withQueryParam("page", equalTo("2"))
            .willReturn(
                okJson(
                    "["
                        + comment(903, "unrelated")
                        + ","
                        + comment(904, "<!-- seccomp-sync:plan -->\\nold plan")
                        + "]")));
    fixture.server.stubFor(
        patch(urlPathEqualTo(REPO + "/issues/comments/904")).willReturn(okJson(comment(904, "x"))));

    host.upsertComment(4, "plan", "new plan");

    fixture.server.verify(exactly(1), postRequestedFor(urlPathEqualTo(comments)));
    fixture.server.verify(
        patchRequestedFor(urlPathEqualTo(REPO + "/issues/comments/904"))
            .withRequestBody(equalToJson("{\"body\": \"<!-- seccomp-sync:plan -->\\nnew plan\"}")));

    // A third run with the same text changes nothing.
    fixture.server.stubFor(
        get(urlPathEqualTo(comments))
            .withQueryParam("page", equalTo("2"))
            .willReturn(okJson("[" + comment(904, "<!-- seccomp-sync:plan -->\\nnew plan") + "]")));
    host.upsertComment(4, "plan", "new plan");
    fixture.server.verify(exactly(1), postRequestedFor(urlPathEqualTo(comments)));
    fixture.server.verify(
        exactly(1), patchRequestedFor(urlPathEqualTo(REPO + "/issues/comments/904")));
  }

  @Test
  void aMarkerThatCouldCloseTheHtmlCommentIsRefused() {
    assertThatThrownBy(() -> host.upsertComment(4, "plan -->", "x"))
        .isInstanceOf(HostingException.class)
        .hasMessageContaining("comment marker 'plan -->' is not usable");
    assertThat(fixture.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void headRevisionIsTheHeadSha() {
    fixture.server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls/12"))
            .willReturn(okJson(pr(12, BRANCH, "main", "t", "b"))));

    assertThat(host.headRevision(12)).isEqualTo("0123456789abcdef0123456789abcdef01234567");
  }

  @Test
  void aBodyOverTheLimitIsRefusedBeforeAnyRequest() {
    assertThat(host.maxBodyLength()).isEqualTo(65536);
    var body = "x".repeat(65537);

    assertThatThrownBy(() -> host.create(PullRequestDraft.of(BRANCH, "main", "t", body)))
        .isInstanceOf(HostingException.class)
        .hasMessageContaining("65537 characters, more than the 65536 GitHub takes; shorten it");
    assertThatThrownBy(() -> host.upsertComment(3, "plan", body))
        .hasMessageContaining("more than the 65536 GitHub takes");
    assertThat(fixture.server.getAllServeEvents()).isEmpty();
  }
}

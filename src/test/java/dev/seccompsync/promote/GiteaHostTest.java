package dev.seccompsync.promote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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

/** Gitea (and Forgejo) API v1. */
class GiteaHostTest {

  private static final String REPO = "/api/v1/repos/acme/profiles";
  private static final String BRANCH = "seccomp-sync/promote-prod";

  private static HostFixture fixture;
  private GiteaHost host;

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
    host =
        new GiteaHost(fixture.http(fixture.target(Provider.GITEA, "/api/v1", "acme", "profiles")));
  }

  static String pr(int number, String head, String title, String body) {
    return """
    {"id": %d0, "number": %d, "state": "open", "title": "%s", "body": "%s",
     "html_url": "https://gitea.example/acme/profiles/pulls/%d", "merged": false,
     "head": {"label": "%s", "ref": "%s", "repo_id": 5,
              "sha": "4444444444444444444444444444444444444444"},
     "base": {"label": "main", "ref": "main", "repo_id": 5,
              "sha": "5555555555555555555555555555555555555555"}}
    """
        .formatted(number, number, title, body, number, head, head);
  }

  static String comment(long id, String body) {
    return "{\"id\": %d, \"body\": \"%s\", \"user\": {\"login\": \"bot\"}}".formatted(id, body);
  }

  private void stubLabels() {
    fixture.server.stubFor(
        get(urlPathEqualTo(REPO + "/labels"))
            .willReturn(
                okJson(
                    """
                    [{"id": 31, "name": "seccomp", "color": "00aabb"},
                     {"id": 32, "name": "automated", "color": "00aabb"}]
                    """)));
  }

  @Test
  void findOpenPagesThroughTheOpenPullRequestsWithTheTokenHeader() {
    fixture.server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls"))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                okJson("[" + pr(1, "feature", "x", "") + "," + pr(2, "other", "y", "") + "]")
                    .withHeader("Link", "<http://127.0.0.1/x?page=2&limit=50>; rel=\"next\"")));
    fixture.server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls"))
            .withQueryParam("page", equalTo("2"))
            .willReturn(okJson("[" + pr(3, BRANCH, "Promote", "plan") + "]")));

    var found = host.findOpen(BRANCH, "main");

    assertThat(found).isPresent();
    assertThat(found.get().number()).isEqualTo(3);
    assertThat(found.get().url()).isEqualTo("https://gitea.example/acme/profiles/pulls/3");
    fixture.server.verify(
        getRequestedFor(urlPathEqualTo(REPO + "/pulls"))
            .withQueryParam("state", equalTo("open"))
            .withQueryParam("limit", equalTo("50"))
            .withQueryParam("page", equalTo("2"))
            .withHeader("Authorization", equalTo("token " + TOKEN)));
    assertNoToken(found.get(), host);
  }

  @Test
  void createResolvesLabelIdsAsksForReviewsAndMarksADraftWip() {
    stubLabels();
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(pr(9, BRANCH, "WIP: Promote", "plan"))));
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/pulls/9/requested_reviewers"))
            .willReturn(aResponse().withStatus(201).withBody("[]")));

    var created =
        host.create(
            new PullRequestDraft(
                BRANCH,
                "main",
                "Promote",
                "plan",
                List.of("automated", "Seccomp"),
                List.of("alice", "acme/platform"),
                true));

    assertThat(created.title()).isEqualTo("WIP: Promote");
    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/pulls"))
            .withRequestBody(
                equalToJson(
                    """
                    {"head": "%s", "base": "main", "title": "WIP: Promote", "body": "plan",
                     "labels": [32, 31]}
                    """
                        .formatted(BRANCH))));
    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/pulls/9/requested_reviewers"))
            .withRequestBody(
                equalToJson("{\"reviewers\": [\"alice\"], \"team_reviewers\": [\"platform\"]}")));
  }

  @Test
  void createAnswered409FindsThePullRequestAndUpdatesIt() {
    stubLabels();
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withBody(
                        "{\"message\": \"pull request already exists for these targets [id: 12,"
                            + " issue_id: 40, head_repo_id: 5, base_repo_id: 5, head_branch: "
                            + BRANCH
                            + ", base_branch: main]\", \"url\":"
                            + " \"https://gitea.example/api/swagger\"}")));
    fixture.server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(okJson("[" + pr(4, BRANCH, "o", "o") + "]")));
    fixture.server.stubFor(
        patch(urlPathEqualTo(REPO + "/pulls/4")).willReturn(okJson(pr(4, BRANCH, "Promote", "n"))));
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/issues/4/labels")).willReturn(okJson("[]")));

    var pr =
        host.create(
            new PullRequestDraft(
                BRANCH, "main", "Promote", "n", List.of("seccomp"), List.of(), false));

    assertThat(pr.number()).isEqualTo(4);
    fixture.server.verify(
        patchRequestedFor(urlPathEqualTo(REPO + "/pulls/4"))
            .withRequestBody(equalToJson("{\"title\": \"Promote\", \"body\": \"n\"}")));
    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/issues/4/labels"))
            .withRequestBody(equalToJson("{\"labels\": [31]}")));
  }

  @Test
  void aLabelTheRepositoryLacksIsNamedBeforeAnythingIsCreated() {
    stubLabels();

    assertThatThrownBy(
            () ->
                host.create(
                    new PullRequestDraft(
                        BRANCH, "main", "t", "b", List.of("missing"), List.of(), false)))
        .isInstanceOf(HostingException.class)
        .hasMessage(
            "label 'missing' does not exist in acme/profiles on "
                + fixture.host()
                + "; create it there first (Gitea does not create labels on use)");
    fixture.server.verify(exactly(0), postRequestedFor(urlPathEqualTo(REPO + "/pulls")));
  }

  @Test
  void updateKeepsAWipTitleAndCloseCommentsThenCloses() {
    fixture.server.stubFor(
        patch(urlPathEqualTo(REPO + "/pulls/4"))
            .willReturn(okJson(pr(4, BRANCH, "WIP: New", "b"))));
    fixture.server.stubFor(
        post(urlPathEqualTo(REPO + "/issues/4/comments"))
            .willReturn(aResponse().withStatus(201).withBody(comment(1, "bye"))));

    var pr = new PullRequest(4, "u", BRANCH, "main", "WIP: Old", "a", "open");
    host.update(pr, "New", "b");
    host.close(pr, "superseded");

    fixture.server.verify(
        patchRequestedFor(urlPathEqualTo(REPO + "/pulls/4"))
            .withRequestBody(equalToJson("{\"title\": \"WIP: New\", \"body\": \"b\"}")));
    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/issues/4/comments"))
            .withRequestBody(equalToJson("{\"body\": \"superseded\"}")));
    fixture.server.verify(
        patchRequestedFor(urlPathEqualTo(REPO + "/pulls/4"))
            .withRequestBody(equalToJson("{\"state\": \"closed\"}")));
  }

  @Test
  void upsertCommentOnAReleaseThatIgnoresPagingCreatesOnceThenEdits() {
    var comments = REPO + "/issues/4/comments";
    // Every page answers the whole list, as releases without paging here do.
    fixture.server.stubFor(
        get(urlPathEqualTo(comments))
            .willReturn(okJson("[" + comment(1, "a") + "," + comment(2, "b") + "]")));
    fixture.server.stubFor(
        post(urlPathEqualTo(comments))
            .willReturn(aResponse().withStatus(201).withBody(comment(3, "x"))));

    host.upsertComment(4, "plan", "first");

    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(comments))
            .withRequestBody(equalToJson("{\"body\": \"<!-- seccomp-sync:plan -->\\nfirst\"}")));

    fixture.server.stubFor(
        get(urlPathEqualTo(comments))
            .willReturn(
                okJson(
                    "["
                        + comment(1, "a")
                        + ","
                        + comment(3, "<!-- seccomp-sync:plan -->\\nfirst")
                        + "]")));
    fixture.server.stubFor(
        patch(urlPathEqualTo(REPO + "/issues/comments/3")).willReturn(okJson(comment(3, "x"))));

    host.upsertComment(4, "plan", "second");

    fixture.server.verify(exactly(1), postRequestedFor(urlPathEqualTo(comments)));
    fixture.server.verify(
        patchRequestedFor(urlPathEqualTo(REPO + "/issues/comments/3"))
            .withRequestBody(equalToJson("{\"body\": \"<!-- seccomp-sync:plan -->\\nsecond\"}")));
  }

  @Test
  void upsertCommentFindsItsCommentOnASecondPage() {
    var comments = REPO + "/issues/4/comments";
    fixture.server.stubFor(
        get(urlPathEqualTo(comments))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                okJson("[" + comment(1, "a") + "]")
                    .withHeader("Link", "<http://127.0.0.1/x?page=2&limit=50>; rel=\"next\"")));
    fixture.server.stubFor(
        get(urlPathEqualTo(comments))
            .withQueryParam("page", equalTo("2"))
            .willReturn(okJson("[" + comment(7, "<!-- seccomp-sync:plan -->\\nold") + "]")));
    fixture.server.stubFor(
        patch(urlPathEqualTo(REPO + "/issues/comments/7")).willReturn(okJson(comment(7, "x"))));

    host.upsertComment(4, "plan", "new");

    fixture.server.verify(exactly(0), postRequestedFor(urlPathEqualTo(comments)));
    fixture.server.verify(
        exactly(1), patchRequestedFor(urlPathEqualTo(REPO + "/issues/comments/7")));
  }

  @Test
  void headRevisionIsTheHeadSha() {
    fixture.server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls/4")).willReturn(okJson(pr(4, BRANCH, "t", "b"))));

    assertThat(host.headRevision(4)).isEqualTo("4444444444444444444444444444444444444444");
    assertThat(host.maxBodyLength()).isEqualTo(65536);
  }
}

package dev.seccompsync.promote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
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

/** GitLab API v4 merge requests of a project in a subgroup. */
class GitLabHostTest {

  private static final String PROJECT = "/api/v4/projects/platform%2Fsecurity%2Fprofiles";
  private static final String MRS = PROJECT + "/merge_requests";
  private static final String BRANCH = "seccomp-sync/promote-prod";

  private static HostFixture fixture;
  private GitLabHost host;

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
    var target = fixture.target(Provider.GITLAB, "/api/v4", "platform/security", "profiles");
    host = new GitLabHost(fixture.http(target));
  }

  static String mr(int iid, String title, String description, String reviewers) {
    return """
    {"id": %d00, "iid": %d, "project_id": 42, "title": "%s", "description": "%s",
     "state": "opened", "source_branch": "%s", "target_branch": "main",
     "source_project_id": 42, "target_project_id": 42, "draft": false,
     "sha": "89abcdef0123456789abcdef0123456789abcdef",
     "diff_refs": {"head_sha": "89abcdef0123456789abcdef0123456789abcdef"},
     "reviewers": [%s],
     "web_url": "https://gitlab.example/platform/security/profiles/-/merge_requests/%d"}
    """
        .formatted(iid, iid, title, description, BRANCH, reviewers, iid);
  }

  static String note(long id, String body, boolean system) {
    return "{\"id\": %d, \"body\": \"%s\", \"system\": %s, \"author\": {\"username\": \"bot\"}}"
        .formatted(id, body, system);
  }

  @Test
  void findOpenFiltersBySourceAndTargetBranchWithThePrivateToken() {
    fixture.server.stubFor(
        get(urlPathEqualTo(MRS)).willReturn(okJson("[" + mr(3, "Promote", "plan", "") + "]")));

    var found = host.findOpen(BRANCH, "main");

    assertThat(found).isPresent();
    assertThat(found.get().number()).isEqualTo(3);
    assertThat(found.get().state()).isEqualTo("open");
    assertThat(found.get().body()).isEqualTo("plan");
    assertThat(found.get().url()).endsWith("/-/merge_requests/3");
    fixture.server.verify(
        getRequestedFor(urlPathEqualTo(MRS))
            .withQueryParam("state", equalTo("opened"))
            .withQueryParam("source_branch", equalTo(BRANCH))
            .withQueryParam("target_branch", equalTo("main"))
            .withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
            .withHeader("Authorization", absent()));
    assertNoToken(found.get(), host);
  }

  @Test
  void findOpenSkipsMergeRequestsFromForks() {
    var fork =
        mr(4, "fork", "", "").replace("\"source_project_id\": 42", "\"source_project_id\": 7");
    fixture.server.stubFor(get(urlPathEqualTo(MRS)).willReturn(okJson("[" + fork + "]")));

    assertThat(host.findOpen(BRANCH, "main")).isEmpty();
  }

  @Test
  void createSendsLabelsReviewerIdsAndTheDraftPrefix() {
    fixture.server.stubFor(
        get(urlPathEqualTo("/api/v4/users"))
            .withQueryParam("username", equalTo("alice"))
            .willReturn(okJson("[{\"id\": 11, \"username\": \"alice\", \"name\": \"Alice\"}]")));
    fixture.server.stubFor(
        post(urlPathEqualTo(MRS))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(mr(8, "Draft: Promote", "plan", "{\"id\": 11}"))));

    var created =
        host.create(
            new PullRequestDraft(
                BRANCH,
                "main",
                "Promote",
                "plan",
                List.of("seccomp", "automated"),
                List.of("@alice"),
                true));

    assertThat(created.number()).isEqualTo(8);
    assertThat(created.title()).isEqualTo("Draft: Promote");
    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(MRS))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {"source_branch": "%s", "target_branch": "main",
                     "title": "Draft: Promote", "description": "plan",
                     "labels": "seccomp,automated", "reviewer_ids": [11]}
                    """
                        .formatted(BRANCH))));
  }

  @Test
  void createAnswered409FindsTheMergeRequestAndUpdatesIt() {
    fixture.server.stubFor(
        post(urlPathEqualTo(MRS))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"message\": [\"Another open merge request already exists for this"
                            + " source branch: !6\"]}")));
    fixture.server.stubFor(
        get(urlPathEqualTo(MRS))
            .willReturn(okJson("[" + mr(6, "old", "old", "{\"id\": 4}") + "]")));
    fixture.server.stubFor(
        get(urlPathEqualTo(MRS + "/6")).willReturn(okJson(mr(6, "old", "old", "{\"id\": 4}"))));
    fixture.server.stubFor(
        get(urlPathEqualTo("/api/v4/users"))
            .willReturn(okJson("[{\"id\": 11, \"username\": \"alice\"}]")));
    fixture.server.stubFor(
        put(urlPathEqualTo(MRS + "/6")).willReturn(okJson(mr(6, "Promote", "new", "{\"id\": 4}"))));

    var pr =
        host.create(
            new PullRequestDraft(
                BRANCH, "main", "Promote", "new", List.of("seccomp"), List.of("alice"), false));

    assertThat(pr.number()).isEqualTo(6);
    assertThat(pr.body()).isEqualTo("new");
    fixture.server.verify(
        putRequestedFor(urlPathEqualTo(MRS + "/6"))
            .withRequestBody(
                equalToJson(
                    """
                    {"title": "Promote", "description": "new", "add_labels": "seccomp",
                     "reviewer_ids": [4, 11]}
                    """)));
  }

  @Test
  void updateKeepsADraftADraft() {
    fixture.server.stubFor(
        put(urlPathEqualTo(MRS + "/6")).willReturn(okJson(mr(6, "Draft: New", "b", ""))));

    var after =
        host.update(new PullRequest(6, "u", BRANCH, "main", "Draft: Old", "a", "open"), "New", "b");

    assertThat(after.title()).isEqualTo("Draft: New");
    fixture.server.verify(
        putRequestedFor(urlPathEqualTo(MRS + "/6"))
            .withRequestBody(equalToJson("{\"title\": \"Draft: New\", \"description\": \"b\"}")));
  }

  @Test
  void closeAddsANoteThenSetsTheCloseStateEvent() {
    fixture.server.stubFor(
        post(urlPathEqualTo(MRS + "/6/notes"))
            .willReturn(aResponse().withStatus(201).withBody(note(70, "bye", false))));
    fixture.server.stubFor(
        put(urlPathEqualTo(MRS + "/6"))
            .willReturn(okJson(mr(6, "t", "b", "").replace("\"opened\"", "\"closed\""))));

    host.close(new PullRequest(6, "u", BRANCH, "main", "t", "b", "open"), "superseded");

    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(MRS + "/6/notes"))
            .withRequestBody(equalToJson("{\"body\": \"superseded\"}")));
    fixture.server.verify(
        putRequestedFor(urlPathEqualTo(MRS + "/6"))
            .withRequestBody(equalToJson("{\"state_event\": \"close\"}")));
  }

  @Test
  void upsertCommentCreatesOnceThenEditsTheNoteOnTheSecondPage() {
    var notes = MRS + "/6/notes";
    fixture.server.stubFor(
        get(urlPathEqualTo(notes))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                okJson(
                        "["
                            + note(1, "changed the description", true)
                            + ","
                            + note(2, "nice", false)
                            + "]")
                    .withHeader("X-Next-Page", "2")));
    fixture.server.stubFor(
        get(urlPathEqualTo(notes))
            .withQueryParam("page", equalTo("2"))
            .willReturn(okJson("[" + note(3, "ok", false) + "]").withHeader("X-Next-Page", "")));
    fixture.server.stubFor(
        post(urlPathEqualTo(notes))
            .willReturn(aResponse().withStatus(201).withBody(note(4, "x", false))));

    host.upsertComment(6, "plan", "first");

    fixture.server.verify(
        postRequestedFor(urlPathEqualTo(notes))
            .withRequestBody(equalToJson("{\"body\": \"<!-- seccomp-sync:plan -->\\nfirst\"}")));
    fixture.server.verify(
        getRequestedFor(urlPathEqualTo(notes))
            .withQueryParam("per_page", equalTo("100"))
            .withQueryParam("page", equalTo("2")));

    // A system note quoting the marker is not ours; note 4 on page 2 is.
    fixture.server.stubFor(
        get(urlPathEqualTo(notes))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                okJson(
                        "["
                            + note(1, "<!-- seccomp-sync:plan --> quoted", true)
                            + ","
                            + note(2, "nice", false)
                            + "]")
                    .withHeader("X-Next-Page", "2")));
    fixture.server.stubFor(
        get(urlPathEqualTo(notes))
            .withQueryParam("page", equalTo("2"))
            .willReturn(
                okJson(
                        "["
                            + note(3, "ok", false)
                            + ","
                            + note(4, "<!-- seccomp-sync:plan -->\\nfirst", false)
                            + "]")
                    .withHeader("X-Next-Page", "")));
    fixture.server.stubFor(
        put(urlPathEqualTo(notes + "/4")).willReturn(okJson(note(4, "x", false))));

    host.upsertComment(6, "plan", "second");

    fixture.server.verify(exactly(1), postRequestedFor(urlPathEqualTo(notes)));
    fixture.server.verify(
        putRequestedFor(urlPathEqualTo(notes + "/4"))
            .withRequestBody(equalToJson("{\"body\": \"<!-- seccomp-sync:plan -->\\nsecond\"}")));
    fixture.server.verify(exactly(0), putRequestedFor(urlPathEqualTo(notes + "/1")));
  }

  @Test
  void headRevisionIsTheMergeRequestSha() {
    fixture.server.stubFor(get(urlPathEqualTo(MRS + "/6")).willReturn(okJson(mr(6, "t", "b", ""))));

    assertThat(host.headRevision(6)).isEqualTo("89abcdef0123456789abcdef0123456789abcdef");
  }

  @Test
  void anUnknownReviewerIsNamed() {
    fixture.server.stubFor(get(urlPathEqualTo("/api/v4/users")).willReturn(okJson("[]")));

    assertThatThrownBy(
            () ->
                host.create(
                    new PullRequestDraft(
                        BRANCH, "main", "t", "b", List.of(), List.of("nobody"), false)))
        .isInstanceOf(HostingException.class)
        .hasMessage("reviewer nobody is not a user on " + fixture.host() + "; check the name");
    fixture.server.verify(exactly(0), postRequestedFor(urlPathEqualTo(MRS)));
  }

  @Test
  void theBodyLimitIsAMillionCharacters() {
    assertThat(host.maxBodyLength()).isEqualTo(1_000_000);
  }
}

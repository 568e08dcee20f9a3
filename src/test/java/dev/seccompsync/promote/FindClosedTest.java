package dev.seccompsync.promote;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PullRequestHost#findClosed}: the requests each host gets, merged told from closed, other
 * branches and forks left out, and paging bounded to three pages.
 */
class FindClosedTest {

  private static final String BRANCH = "seccomp-sync/promote-prod";

  private static HostFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new HostFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void reset() {
    fixture.reset();
  }

  /** A GitHub pull request in the list shape of GET /repos/{owner}/{repo}/pulls. */
  private static String github(int number, String head, String owner, String mergedAt) {
    return """
    {"id": %d000, "number": %d, "state": "closed", "title": "t%d", "body": null,
     "html_url": "https://ghe.example/acme/profiles/pull/%d",
     "closed_at": "2026-02-01T10:00:00Z", "merged_at": %s,
     "head": {"ref": "%s", "sha": "0123456789abcdef0123456789abcdef01234567",
              "repo": {"full_name": "%s/profiles", "owner": {"login": "%s"}}},
     "base": {"ref": "main", "sha": "fedcba9876543210fedcba9876543210fedcba98"}}
    """
        .formatted(
            number,
            number,
            number,
            number,
            mergedAt == null ? "null" : "\"" + mergedAt + "\"",
            head,
            owner,
            owner);
  }

  @Test
  void gitHubAsksForClosedOnesOfTheBranchAndTellsMergedFromClosed() {
    var repo = "/api/v3/repos/acme/profiles";
    var host =
        new GitHubHost(
            fixture.http(fixture.target(Provider.GITHUB, "/api/v3", "acme", "profiles")));
    var next = "<%s?state=closed&page=2>; rel=\"next\"".formatted(fixture.base(repo + "/pulls"));
    fixture.server.stubFor(
        get(urlPathEqualTo(repo + "/pulls"))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                okJson(
                        "["
                            + github(9, BRANCH, "acme", "2026-02-01T10:00:00Z")
                            + ","
                            + github(8, BRANCH, "mallory", "2026-02-01T10:00:00Z")
                            + "]")
                    .withHeader("Link", next)));
    fixture.server.stubFor(
        get(urlPathEqualTo(repo + "/pulls"))
            .withQueryParam("page", equalTo("2"))
            .willReturn(
                okJson(
                    "["
                        + github(4, BRANCH, "acme", null)
                        + ","
                        + github(3, "other-branch", "acme", null)
                        + "]")));

    var closed = host.findClosed(BRANCH, "main");

    assertThat(closed).extracting(PullRequest::number).containsExactly(9, 4);
    assertThat(closed).extracting(PullRequest::isMerged).containsExactly(true, false);
    assertThat(closed).extracting(PullRequest::state).containsExactly("merged", "closed");
    assertThat(closed.get(1).body()).isEmpty();
    for (var page : new String[] {"1", "2"}) {
      fixture.server.verify(
          getRequestedFor(urlPathEqualTo(repo + "/pulls"))
              .withQueryParam("state", equalTo("closed"))
              .withQueryParam("head", equalTo("acme:" + BRANCH))
              .withQueryParam("base", equalTo("main"))
              .withQueryParam("per_page", equalTo("100"))
              .withQueryParam("page", equalTo(page)));
    }
    fixture.server.verify(exactly(2), getRequestedFor(urlPathEqualTo(repo + "/pulls")));
  }

  @Test
  void gitHubReadsAtMostThreePages() {
    var repo = "/api/v3/repos/acme/profiles";
    var host =
        new GitHubHost(
            fixture.http(fixture.target(Provider.GITHUB, "/api/v3", "acme", "profiles")));
    for (var page = 1; page <= 5; page++) {
      var next = "<%s?page=%d>; rel=\"next\"".formatted(fixture.base(repo + "/pulls"), page + 1);
      fixture.server.stubFor(
          get(urlPathEqualTo(repo + "/pulls"))
              .withQueryParam("page", equalTo(String.valueOf(page)))
              .willReturn(
                  okJson("[" + github(100 - page, BRANCH, "acme", null) + "]")
                      .withHeader("Link", next)));
    }

    var closed = host.findClosed(BRANCH, "main");

    assertThat(closed).extracting(PullRequest::number).containsExactly(99, 98, 97);
    fixture.server.verify(exactly(3), getRequestedFor(urlPathEqualTo(repo + "/pulls")));
  }

  /** A GitLab merge request in the list shape of GET /projects/:id/merge_requests. */
  private static String gitlab(int iid, String state, String source, long sourceProject) {
    return """
    {"id": %d00, "iid": %d, "project_id": 42, "title": "t%d", "description": null,
     "state": "%s", "source_branch": "%s", "target_branch": "main",
     "source_project_id": %d, "target_project_id": 42,
     "merged_at": %s, "closed_at": %s,
     "sha": "89abcdef0123456789abcdef0123456789abcdef",
     "web_url": "https://gitlab.example/platform/security/profiles/-/merge_requests/%d"}
    """
        .formatted(
            iid,
            iid,
            iid,
            state,
            source,
            sourceProject,
            state.equals("merged") ? "\"2026-02-01T10:00:00Z\"" : "null",
            state.equals("closed") ? "\"2026-02-01T10:00:00Z\"" : "null",
            iid);
  }

  @Test
  void gitLabListsClosedAndMergedStatesBoth() {
    var mrs = "/api/v4/projects/platform%2Fsecurity%2Fprofiles/merge_requests";
    var host =
        new GitLabHost(
            fixture.http(
                fixture.target(Provider.GITLAB, "/api/v4", "platform/security", "profiles")));
    fixture.server.stubFor(
        get(urlPathEqualTo(mrs))
            .withQueryParam("state", equalTo("closed"))
            .willReturn(
                okJson(
                        "["
                            + gitlab(7, "closed", BRANCH, 42)
                            + ","
                            + gitlab(6, "closed", BRANCH, 77)
                            + "]")
                    .withHeader("X-Next-Page", "")));
    fixture.server.stubFor(
        get(urlPathEqualTo(mrs))
            .withQueryParam("state", equalTo("merged"))
            .willReturn(
                okJson("[" + gitlab(11, "merged", BRANCH, 42) + "]")
                    .withHeader("X-Next-Page", "")));

    var closed = host.findClosed(BRANCH, "main");

    assertThat(closed).extracting(PullRequest::number).containsExactly(11, 7);
    assertThat(closed).extracting(PullRequest::isMerged).containsExactly(true, false);
    assertThat(closed.get(1).state()).isEqualTo("closed");
    assertThat(closed.get(0).url())
        .isEqualTo("https://gitlab.example/platform/security/profiles/-/merge_requests/11");
    for (var state : new String[] {"closed", "merged"}) {
      fixture.server.verify(
          getRequestedFor(urlPathEqualTo(mrs))
              .withQueryParam("state", equalTo(state))
              .withQueryParam("source_branch", equalTo(BRANCH))
              .withQueryParam("target_branch", equalTo("main"))
              .withQueryParam("per_page", equalTo("100"))
              .withQueryParam("page", equalTo("1")));
    }
    fixture.server.verify(exactly(2), getRequestedFor(urlPathEqualTo(mrs)));
  }

  /** A Gitea pull request in the list shape of GET /repos/{owner}/{repo}/pulls. */
  private static String gitea(int number, String head, boolean merged, long headRepo) {
    return """
    {"id": %d0, "number": %d, "state": "closed", "title": "t%d", "body": "",
     "html_url": "https://gitea.example/acme/profiles/pulls/%d",
     "merged": %s, "merged_at": %s,
     "head": {"label": "%s", "ref": "%s", "repo_id": %d,
              "sha": "4444444444444444444444444444444444444444"},
     "base": {"label": "main", "ref": "main", "repo_id": 5,
              "sha": "5555555555555555555555555555555555555555"}}
    """
        .formatted(
            number,
            number,
            number,
            number,
            merged,
            merged ? "\"2026-02-01T10:00:00Z\"" : "null",
            head,
            head,
            headRepo);
  }

  @Test
  void giteaFiltersTheClosedPagesByHeadAndBaseAndStopsAfterThree() {
    var repo = "/api/v1/repos/acme/profiles";
    var host =
        new GiteaHost(fixture.http(fixture.target(Provider.GITEA, "/api/v1", "acme", "profiles")));
    // Full pages (50 items, Gitea's default limit) mean there may be more; the fourth is never
    // asked for.
    for (var page = 1; page <= 4; page++) {
      var items = new ArrayList<String>();
      var first = 1000 - page * 50;
      IntStream.range(0, 50).forEach(i -> items.add(gitea(first - i, "other", false, 5)));
      if (page == 1) {
        items.set(3, gitea(first - 3, BRANCH, true, 5));
        items.set(4, gitea(first - 4, BRANCH, true, 6));
      }
      if (page == 3) {
        items.set(10, gitea(first - 10, BRANCH, false, 5));
      }
      if (page == 4) {
        items.set(0, gitea(first, BRANCH, false, 5));
      }
      fixture.server.stubFor(
          get(urlPathEqualTo(repo + "/pulls"))
              .withQueryParam("page", equalTo(String.valueOf(page)))
              .willReturn(okJson("[" + String.join(",", items) + "]")));
    }

    var closed = host.findClosed(BRANCH, "main");

    assertThat(closed).extracting(PullRequest::number).containsExactly(947, 840);
    assertThat(closed).extracting(PullRequest::isMerged).containsExactly(true, false);
    for (var page : new String[] {"1", "2", "3"}) {
      fixture.server.verify(
          getRequestedFor(urlPathEqualTo(repo + "/pulls"))
              .withQueryParam("state", equalTo("closed"))
              .withQueryParam("limit", equalTo("50"))
              .withQueryParam("page", equalTo(page)));
    }
    fixture.server.verify(exactly(3), getRequestedFor(urlPathMatching(repo + "/pulls.*")));
  }
}

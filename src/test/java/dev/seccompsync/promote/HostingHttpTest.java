package dev.seccompsync.promote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.seccompsync.promote.HostFixture.NOW;
import static dev.seccompsync.promote.HostFixture.TOKEN;
import static dev.seccompsync.promote.HostFixture.assertNoToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, rate limits and the messages of refusals, with a sleeper that only records. */
class HostingHttpTest {

  private static final String PULLS = "/api/v3/repos/acme/profiles/pulls";
  private static final String BRANCH = "promote";

  private static HostFixture fixture;
  private GitHubHost github;

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
    github = new GitHubHost(fixture.http(githubTarget()));
  }

  private static HostingTarget githubTarget() {
    return fixture.target(Provider.GITHUB, "/api/v3", "acme", "profiles");
  }

  private static String onePr() {
    return "[" + GitHubHostTest.pr(1, BRANCH, "main", "t", "b") + "]";
  }

  /** The first answer is {@code first}, every later one a page with one pull request. */
  private static void failOnceThenList(ResponseDefinitionBuilder first) {
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .inScenario("flaky")
            .whenScenarioStateIs(STARTED)
            .willReturn(first)
            .willSetStateTo("up"));
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(okJson(onePr())));
  }

  @Test
  void aServerErrorIsTriedAgainAfterTheBackoff() {
    failOnceThenList(aResponse().withStatus(502).withBody("<html>Bad gateway</html>"));

    assertThat(github.findOpen(BRANCH, "main")).isPresent();

    fixture.server.verify(exactly(2), getRequestedFor(urlPathEqualTo(PULLS)));
    assertThat(fixture.sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void retryAfterInSecondsIsHonoured() {
    failOnceThenList(aResponse().withStatus(429).withHeader("Retry-After", "7"));

    assertThat(github.findOpen(BRANCH, "main")).isPresent();

    assertThat(fixture.sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    var date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC));
    failOnceThenList(aResponse().withStatus(503).withHeader("Retry-After", date));

    assertThat(github.findOpen(BRANCH, "main")).isPresent();

    assertThat(fixture.sleeps).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void theNumberOfAttemptsIsBounded() {
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));

    var e = catchThrowableOfType(HostingException.class, () -> github.findOpen(BRANCH, "main"));

    fixture.server.verify(exactly(3), getRequestedFor(urlPathEqualTo(PULLS)));
    assertThat(fixture.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThat(e.status()).isEqualTo(429);
    assertThat(e)
        .hasMessageStartingWith(fixture.host() + " rate limit reached while trying to list")
        .hasMessageContaining("3 attempts")
        .hasMessageContaining("try again after 2026-03-01T12:00:02Z");
  }

  @Test
  void serverErrorsThatGoOnFailWithTheCount() {
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .willReturn(aResponse().withStatus(500).withBody("{\"message\": \"Server Error\"}")));

    assertThatThrownBy(() -> github.findOpen(BRANCH, "main"))
        .isInstanceOf(HostingException.class)
        .hasMessage(
            fixture.host()
                + " answered HTTP 500 to 3 attempts to list the open pull requests on"
                + " acme/profiles (Server Error); try again later");
    assertThat(fixture.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aWaitPastTheBudgetFailsAtOnce() {
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

    assertThatThrownBy(() -> github.findOpen(BRANCH, "main"))
        .hasMessageContaining("rate limit reached")
        .hasMessageContaining("(in 3600 s)");
    fixture.server.verify(exactly(1), getRequestedFor(urlPathEqualTo(PULLS)));
    assertThat(fixture.sleeps).isEmpty();
  }

  @Test
  void githubsSecondaryRateLimitWaitsAMinuteWhenNoHeaderSaysHowLong() {
    failOnceThenList(
        aResponse()
            .withStatus(403)
            .withHeader("x-ratelimit-remaining", "4990")
            .withBody(
                "{\"message\": \"You have exceeded a secondary rate limit. Please wait a few"
                    + " minutes before you try again.\"}"));

    assertThat(github.findOpen(BRANCH, "main")).isPresent();

    assertThat(fixture.sleeps).containsExactly(Duration.ofMinutes(1));
  }

  @Test
  void githubsSecondaryRateLimitWithRetryAfterWaitsThatLong() {
    failOnceThenList(
        aResponse()
            .withStatus(403)
            .withHeader("Retry-After", "42")
            .withBody("{\"message\": \"You have exceeded a secondary rate limit.\"}"));

    assertThat(github.findOpen(BRANCH, "main")).isPresent();

    assertThat(fixture.sleeps).containsExactly(Duration.ofSeconds(42));
  }

  @Test
  void githubsPrimaryRateLimitWaitsForTheReset() {
    failOnceThenList(
        aResponse()
            .withStatus(403)
            .withHeader("x-ratelimit-remaining", "0")
            .withHeader("x-ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 20))
            .withBody("{\"message\": \"API rate limit exceeded for user ID 1.\"}"));

    assertThat(github.findOpen(BRANCH, "main")).isPresent();

    assertThat(fixture.sleeps).containsExactly(Duration.ofSeconds(20));
  }

  @Test
  void aRefusedTokenNamesTheVariable() {
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"message\": \"Bad credentials\", \"status\": \"401\"}")));

    var e = catchThrowableOfType(HostingException.class, () -> github.findOpen(BRANCH, "main"));

    assertThat(e)
        .hasMessage(
            "the token was refused by "
                + fixture.host()
                + "; check GITHUB_TOKEN (or --token-file)");
    assertThat(e.status()).isEqualTo(401);
    assertThat(fixture.sleeps).isEmpty();
  }

  @Test
  void aRefusedTokenFromAFileNamesTheFile(@TempDir Path dir) throws IOException {
    var file = dir.resolve("token");
    Files.writeString(file, TOKEN + "\n");
    var token = Tokens.resolve(Provider.GITLAB, file, Map.of());
    var target = fixture.target(Provider.GITLAB, "/api/v4", "group", "repo");
    var host =
        new GitLabHost(
            new HostingHttp(
                target, token, RetryPolicy.DEFAULT, fixture.sleeps::add, fixture.clock));
    fixture.server.stubFor(
        get(urlPathEqualTo("/api/v4/projects/group%2Frepo/merge_requests"))
            .willReturn(
                aResponse().withStatus(401).withBody("{\"message\":\"401 Unauthorized\"}")));

    assertThatThrownBy(() -> host.findOpen(BRANCH, "main"))
        .hasMessage(
            "the token was refused by "
                + fixture.host()
                + "; check the token in "
                + file
                + " (--token-file)");
    assertNoToken(token);
  }

  @Test
  void aForbiddenRequestSaysWhichPermissionsTheTokenNeeds() {
    fixture.server.stubFor(
        post(urlPathEqualTo(PULLS))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("x-ratelimit-remaining", "4999")
                    .withBody("{\"message\": \"Resource not accessible by integration\"}")));

    assertThatThrownBy(() -> github.create(PullRequestDraft.of(BRANCH, "main", "t", "b")))
        .isInstanceOf(HostingException.class)
        .hasMessage(
            "repository acme/profiles on "
                + fixture.host()
                + ": the token may not create the pull request (HTTP 403: Resource not"
                + " accessible by integration); give it contents: write and pull-requests:"
                + " write");
    assertThat(fixture.sleeps).isEmpty();
  }

  @Test
  void forbiddenOnGitLabAndGiteaNameTheirPermissions() {
    var gitlabTarget = fixture.target(Provider.GITLAB, "/api/v4", "group", "repo");
    var gitlab = new GitLabHost(fixture.http(gitlabTarget));
    var giteaTarget = fixture.target(Provider.GITEA, "/api/v1", "acme", "profiles");
    var gitea = new GiteaHost(fixture.http(giteaTarget));
    fixture.server.stubFor(
        get(urlPathEqualTo("/api/v4/projects/group%2Frepo/merge_requests"))
            .willReturn(aResponse().withStatus(403).withBody("{\"message\":\"403 Forbidden\"}")));
    fixture.server.stubFor(
        get(urlPathEqualTo("/api/v1/repos/acme/profiles/pulls"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"message\": \"token does not have at least one of required scope(s):"
                            + " [read:repository]\"}")));

    assertThatThrownBy(() -> gitlab.findOpen(BRANCH, "main"))
        .hasMessageContaining("the token may not list the open merge requests (HTTP 403:")
        .hasMessageEndingWith("give it the api scope and at least the Developer role");
    assertThatThrownBy(() -> gitea.findOpen(BRANCH, "main"))
        .hasMessageContaining("required scope(s): [read:repository]")
        .hasMessageEndingWith("give it the write:repository and write:issue scopes");
  }

  @Test
  void aMissingRepositoryIsNamed() {
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .willReturn(aResponse().withStatus(404).withBody("{\"message\": \"Not Found\"}")));

    assertThatThrownBy(() -> github.findOpen(BRANCH, "main"))
        .hasMessage(
            "repository acme/profiles not found on "
                + fixture.host()
                + ", or the token cannot see it; check the remote URL and the token's access");
  }

  @Test
  void aMissingPullRequestIsNamed() {
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS + "/99"))
            .willReturn(aResponse().withStatus(404).withBody("{\"message\": \"Not Found\"}")));

    assertThatThrownBy(() -> github.headRevision(99))
        .hasMessage(
            "pull request #99 not found in acme/profiles on "
                + fixture.host()
                + ", or the token cannot see it; check the number");
  }

  @Test
  void theTokenIsInNoMessageNorAnyToStringEvenWhenTheServerEchoesIt() {
    fixture.server.stubFor(
        post(urlPathEqualTo(PULLS))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"message\": \"bad header Authorization: Bearer " + TOKEN + "\"}")));
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .willReturn(aResponse().withStatus(401).withBody("{\"message\": \"" + TOKEN + "\"}")));
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS + "/3"))
            .willReturn(aResponse().withStatus(503).withBody("{\"message\": \"" + TOKEN + "\"}")));

    var rejected =
        catchThrowableOfType(
            HostingException.class,
            () -> github.create(PullRequestDraft.of(BRANCH, "main", "t", "b")));
    var refused =
        catchThrowableOfType(HostingException.class, () -> github.findOpen(BRANCH, "main"));
    var failing = catchThrowableOfType(HostingException.class, () -> github.headRevision(3));

    assertThat(rejected).hasMessageContaining("bad header Authorization: Bearer ***");
    var token = fixture.token(Provider.GITHUB);
    assertNoToken(rejected, refused, failing, github, githubTarget(), token, github.target());
    assertNoToken(fixture.http(githubTarget()), new PullRequest(1, "u", "h", "b", "t", "b", "o"));
    assertThat(token.toString()).isEqualTo("Token[from variable GITHUB_TOKEN, value hidden]");
  }

  @Test
  void aBodyThatIsNotJsonPointsAtTheApiUrl() {
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS)).willReturn(aResponse().withStatus(200).withBody("<html/>")));

    assertThatThrownBy(() -> github.findOpen(BRANCH, "main"))
        .hasMessageContaining("with something that is not JSON; check the API URL");
  }

  @Test
  void aRedirectIsNotFollowed() {
    fixture.server.stubFor(
        get(urlPathEqualTo(PULLS))
            .willReturn(
                aResponse()
                    .withStatus(301)
                    .withHeader("Location", "https://elsewhere.example/repos/acme/renamed")));

    assertThatThrownBy(() -> github.findOpen(BRANCH, "main"))
        .hasMessage(
            "repository acme/profiles on "
                + fixture.host()
                + ": the API answered HTTP 301 (moved to"
                + " https://elsewhere.example/repos/acme/renamed); update the remote URL or the"
                + " API URL");
  }

  @Test
  void anUnreachableHostIsTriedWithinTheBoundsThenNamed() throws IOException {
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    var target =
        HostingTarget.of(Provider.GITHUB, "http://127.0.0.1:" + port + "/api/v3", "acme", "p");
    var host =
        new GitHubHost(
            new HostingHttp(
                target,
                fixture.token(Provider.GITHUB),
                new RetryPolicy(2, Duration.ofSeconds(5), Duration.ofMillis(10)),
                fixture.sleeps::add,
                fixture.clock));

    var e = catchThrowableOfType(HostingException.class, () -> host.findOpen(BRANCH, "main"));

    assertThat(e)
        .hasMessageStartingWith(
            "127.0.0.1:" + port + " cannot be reached at http://127.0.0.1:" + port + "/api/v3")
        .hasMessageEndingWith("check the API URL and the network");
    assertThat(fixture.sleeps).containsExactly(Duration.ofMillis(10));
    assertNoToken(e);
  }

  @Test
  void aCommentWhosePostFailedButLandedIsNotPostedTwice() {
    var comments = "/api/v3/repos/acme/profiles/issues/4/comments";
    fixture.server.stubFor(
        get(urlPathEqualTo(comments))
            .inScenario("landed")
            .whenScenarioStateIs(STARTED)
            .willReturn(okJson("[]")));
    fixture.server.stubFor(
        post(urlPathEqualTo(comments))
            .inScenario("landed")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("stored"));
    fixture.server.stubFor(
        get(urlPathEqualTo(comments))
            .inScenario("landed")
            .whenScenarioStateIs("stored")
            .willReturn(
                okJson("[" + GitHubHostTest.comment(5, "<!-- seccomp-sync:plan -->\\nx") + "]")));

    github.upsertComment(4, "plan", "x");

    fixture.server.verify(exactly(1), postRequestedFor(urlPathEqualTo(comments)));
    assertThat(fixture.sleeps).isEmpty();
  }

  @Test
  void aCommentWhosePostFailedAndDidNotLandIsPostedOnceMore() {
    var comments = "/api/v3/repos/acme/profiles/issues/4/comments";
    fixture.server.stubFor(get(urlPathEqualTo(comments)).willReturn(okJson("[]")));
    fixture.server.stubFor(
        post(urlPathEqualTo(comments))
            .inScenario("lost")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    fixture.server.stubFor(
        post(urlPathEqualTo(comments))
            .inScenario("lost")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(201).withBody(GitHubHostTest.comment(6, "x"))));

    github.upsertComment(4, "plan", "x");

    fixture.server.verify(exactly(2), postRequestedFor(urlPathEqualTo(comments)));
  }

  @Test
  void theDefaultPolicyIsBounded() {
    assertThat(RetryPolicy.DEFAULT.maxAttempts()).isEqualTo(4);
    assertThat(RetryPolicy.DEFAULT.maxTotalWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(List.of(1, 2, 3).stream().map(RetryPolicy.DEFAULT::backoff))
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }
}

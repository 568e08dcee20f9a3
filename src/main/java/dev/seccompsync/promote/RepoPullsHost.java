package dev.seccompsync.promote;

import dev.seccompsync.promote.HostingHttp.Call;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What hosts whose API follows GitHub's shapes share: pull requests under {@code
 * /repos/OWNER/REPO/pulls}, their comments under {@code /issues/N/comments}. GitHub and Gitea (and
 * Forgejo) differ only in how a page of comments is asked for and in a few fields of a pull
 * request.
 */
abstract class RepoPullsHost extends BaseHost {

  private final String pageSizeParameter;
  private final int pageSize;

  /**
   * @param pageSizeParameter the query parameter for the page size ({@code per_page}, {@code
   *     limit})
   */
  RepoPullsHost(HostingHttp http, Provider provider, String pageSizeParameter, int pageSize) {
    super(http, provider);
    this.pageSizeParameter = pageSizeParameter;
    this.pageSize = pageSize;
  }

  /** A pull request as this host's API describes it. */
  abstract PullRequest pullRequest(JsonNode json);

  /** Changes the title and the body of a pull request; {@code null} leaves one as it is. */
  PullRequest edit(int number, String title, String body) {
    var json = HostingHttp.object();
    if (title != null) {
      json.put("title", title);
    }
    if (body != null) {
      json.put("body", body);
    }
    var response =
        http.send(
            Call.of("PATCH", pullPath(number), "edit pull request #" + number)
                .body(json)
                .notFound(noPullRequest(number)));
    return pullRequest(response.json());
  }

  @Override
  void closeOnly(PullRequest pr) {
    http.send(
        Call.of("PATCH", pullPath(pr.number()), "close pull request #" + pr.number())
            .body(HostingHttp.object().put("state", "closed"))
            .notFound(noPullRequest(pr.number())));
  }

  @Override
  Optional<Comment> findComment(int number, String marker) {
    // Some releases answer every comment at once and ignore paging; the pager stops when a page
    // brings nothing new.
    return http.find(
            page ->
                Call.of(
                        "GET",
                        issuePath(number) + "/comments",
                        "list the comments of pull request #" + number)
                    .query("page", page)
                    .query(pageSizeParameter, pageSize)
                    .notFound(noPullRequest(number)),
            pageSize,
            c -> text(c, "body").contains(marker))
        .map(c -> new Comment(c.path("id").asLong(), text(c, "body")));
  }

  @Override
  void createComment(int number, String body) {
    http.send(
        Call.of("POST", issuePath(number) + "/comments", "comment on pull request #" + number)
            .body(HostingHttp.object().put("body", body))
            .notFound(noPullRequest(number))
            .once());
  }

  @Override
  void editComment(int number, long id, String body) {
    http.send(
        Call.of(
                "PATCH",
                repoPath(target) + "/issues/comments/" + id,
                "edit comment " + id + " on pull request #" + number)
            .body(HostingHttp.object().put("body", body))
            .notFound(
                "comment %d on pull request #%d in %s is gone; run again to post a new one"
                    .formatted(id, number, target.repository())));
  }

  @Override
  public String headRevision(int number) {
    var response =
        http.send(
            Call.of("GET", pullPath(number), "read pull request #" + number)
                .notFound(noPullRequest(number)));
    return text(response.json().path("head"), "sha");
  }

  /**
   * POSTs a new pull request. The host's answer for an open pull request of the same branches
   * ({@code conflict}: GitHub 422, Gitea 409) is passed back when it says so, and any other answer
   * of that status is a failure naming the branches.
   *
   * @return the created pull request's JSON, or empty when one already exists
   */
  Optional<JsonNode> postPull(
      tools.jackson.databind.node.ObjectNode json,
      PullRequestDraft draft,
      int conflict,
      String alreadyExists) {
    var response =
        http.send(
            Call.of("POST", repoPath(target) + "/pulls", "create the pull request")
                .body(json)
                .allow(conflict)
                .hint(
                    "check that branch "
                        + draft.head()
                        + " is pushed to "
                        + target.repository()
                        + " and has commits that "
                        + draft.base()
                        + " does not"));
    if (response.status() != conflict) {
      return Optional.of(response.json());
    }
    if (response.problem().toLowerCase(Locale.ROOT).contains(alreadyExists)) {
      return Optional.empty();
    }
    throw new HostingException(
        "repository "
            + target.repository()
            + " on "
            + target.host()
            + ": could not create the pull request from "
            + draft.head()
            + " into "
            + draft.base()
            + " (HTTP "
            + conflict
            + ": "
            + http.redact(response.problem())
            + "); check that the branch is pushed and has commits that "
            + draft.base()
            + " does not",
        conflict);
  }

  /**
   * The closed pull requests among listed ones that come from {@code headBranch} of this repository
   * into {@code baseBranch}, newest first.
   *
   * @param ours whether a listed pull request comes from this repository, not a fork
   */
  List<PullRequest> closedOf(
      List<JsonNode> items,
      String headBranch,
      String baseBranch,
      java.util.function.Predicate<JsonNode> ours) {
    return items.stream()
        .filter(
            pr ->
                text(pr.path("head"), "ref").equals(headBranch)
                    && text(pr.path("base"), "ref").equals(baseBranch)
                    && ours.test(pr))
        .map(this::pullRequest)
        .filter(pr -> !pr.isOpen())
        .sorted(NEWEST_FIRST)
        .toList();
  }

  String pullPath(int number) {
    return repoPath(target) + "/pulls/" + number;
  }

  String issuePath(int number) {
    return repoPath(target) + "/issues/" + number;
  }
}

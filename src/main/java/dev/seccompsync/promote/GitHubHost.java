package dev.seccompsync.promote;

import dev.seccompsync.promote.HostingHttp.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Pull requests on GitHub and GitHub Enterprise Server through REST v3 ({@code
 * https://api.github.com} or {@code https://HOST/api/v3}). Labels and comments go through the
 * issues API, as GitHub wants; draft is the API's {@code draft} flag.
 */
public final class GitHubHost extends RepoPullsHost {

  /** GitHub rejects bodies and comments over 65536 characters. */
  public static final int MAX_BODY = 65536;

  private static final int PAGE = 100;

  public GitHubHost(HostingHttp http) {
    super(http, Provider.GITHUB, "per_page", PAGE);
  }

  @Override
  public int maxBodyLength() {
    return MAX_BODY;
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch, String baseBranch) {
    var response =
        http.send(
            Call.of("GET", repoPath(target) + "/pulls", "list the open pull requests")
                .query("state", "open")
                .query("head", target.owner() + ":" + headBranch)
                .query("base", baseBranch)
                .query("per_page", PAGE));
    // The head filter is checked again: GitHub ignores a filter it cannot read.
    for (var pr : response.json()) {
      if (text(pr.path("head"), "ref").equals(headBranch)
          && text(pr.path("base"), "ref").equals(baseBranch)
          && fromThisOwner(pr)) {
        return Optional.of(pullRequest(pr));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<PullRequest> findClosed(String headBranch, String baseBranch) {
    var items =
        http.pages(
            page ->
                Call.of("GET", repoPath(target) + "/pulls", "list the closed pull requests")
                    .query("state", "closed")
                    .query("head", target.owner() + ":" + headBranch)
                    .query("base", baseBranch)
                    .query("per_page", PAGE)
                    .query("page", page),
            PAGE,
            pr -> false,
            CLOSED_PAGES);
    return closedOf(items, headBranch, baseBranch, this::fromThisOwner);
  }

  @Override
  Optional<PullRequest> tryCreate(PullRequestDraft draft) {
    var body =
        HostingHttp.object()
            .put("title", draft.title())
            .put("head", draft.head())
            .put("base", draft.base())
            .put("body", draft.body())
            .put("draft", draft.draft());
    var created = postPull(body, draft, 422, "a pull request already exists");
    if (created.isEmpty()) {
      return Optional.empty();
    }
    var pr = pullRequest(created.get());
    addLabelsAndReviewers(pr.number(), draft);
    return Optional.of(pr);
  }

  @Override
  PullRequest adopt(PullRequest existing, PullRequestDraft draft) {
    var updated = update(existing, draft.title(), draft.body());
    addLabelsAndReviewers(updated.number(), draft);
    return updated;
  }

  @Override
  public PullRequest update(PullRequest pr, String title, String body) {
    checkBody("the body of pull request #" + pr.number(), body);
    return edit(pr.number(), title, body);
  }

  private void addLabelsAndReviewers(int number, PullRequestDraft draft) {
    if (!draft.labels().isEmpty()) {
      var json = HostingHttp.object();
      var labels = json.putArray("labels");
      draft.labels().forEach(labels::add);
      http.send(
          Call.of("POST", issuePath(number) + "/labels", "label pull request #" + number)
              .body(json)
              .hint("check the label names"));
    }
    if (!draft.reviewers().isEmpty()) {
      var users = new ArrayList<String>();
      var teams = new ArrayList<String>();
      for (var r : draft.reviewers()) {
        var slash = r.indexOf('/');
        if (slash >= 0) {
          teams.add(r.substring(slash + 1));
        } else {
          users.add(r.startsWith("@") ? r.substring(1) : r);
        }
      }
      var json = HostingHttp.object();
      var userArray = json.putArray("reviewers");
      users.forEach(userArray::add);
      if (!teams.isEmpty()) {
        var teamArray = json.putArray("team_reviewers");
        teams.forEach(teamArray::add);
      }
      http.send(
          Call.of(
                  "POST",
                  pullPath(number) + "/requested_reviewers",
                  "request reviews on pull request #" + number)
              .body(json)
              .hint(
                  "check the reviewer names: each must be a collaborator of "
                      + target.repository()
                      + ", and not the pull request's author"));
    }
  }

  private boolean fromThisOwner(JsonNode pr) {
    var login = text(pr.path("head").path("repo").path("owner"), "login");
    return login.isEmpty() || login.equalsIgnoreCase(target.owner());
  }

  @Override
  PullRequest pullRequest(JsonNode pr) {
    var state = text(pr, "state");
    var merged = pr.path("merged_at");
    if ((!merged.isMissingNode() && !merged.isNull()) || pr.path("merged").asBoolean(false)) {
      state = "merged";
    }
    return new PullRequest(
        pr.path("number").asInt(),
        text(pr, "html_url"),
        text(pr.path("head"), "ref"),
        text(pr.path("base"), "ref"),
        text(pr, "title"),
        text(pr, "body"),
        state);
  }
}

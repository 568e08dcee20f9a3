package dev.seccompsync.promote;

import dev.seccompsync.promote.HostingHttp.Call;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Pull requests on Gitea and Forgejo through API v1 ({@code https://HOST/api/v1}), authenticated
 * with {@code Authorization: token TOKEN}. The open pull request of a branch is found by listing
 * the open ones (every Gitea and Forgejo release has that, and it leaves out closed ones); labels
 * are given by id, looked up by name; a draft is the {@code WIP:} title prefix.
 */
public final class GiteaHost extends RepoPullsHost {

  /**
   * Gitea documents no limit (its columns are LONGTEXT); GitHub's 65536 characters is kept, which
   * any Gitea database takes and which keeps a body movable between hosts.
   */
  public static final int MAX_BODY = 65536;

  static final String DRAFT_PREFIX = "WIP: ";

  private static final Pattern DRAFT_TITLE = Pattern.compile("(?i)^\\s*(wip:|\\[wip\\])");

  /** Gitea's default MAX_RESPONSE_ITEMS. */
  private static final int PAGE = 50;

  /** The repository's label ids by name, read once per client when labels are asked for. */
  private Map<String, Long> labelsByName;

  private Map<String, Long> labelsByLowerName;

  public GiteaHost(HostingHttp http) {
    super(http, Provider.GITEA, "limit", PAGE);
  }

  @Override
  public int maxBodyLength() {
    return MAX_BODY;
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch, String baseBranch) {
    return http.find(
            page ->
                Call.of("GET", repoPath(target) + "/pulls", "list the open pull requests")
                    .query("state", "open")
                    .query("page", page)
                    .query("limit", PAGE),
            PAGE,
            pr ->
                text(pr.path("head"), "ref").equals(headBranch)
                    && text(pr.path("base"), "ref").equals(baseBranch)
                    && sameRepository(pr))
        .map(this::pullRequest);
  }

  /**
   * Gitea's listing has no head or base filter that every release honours: the closed ones are read
   * page by page and filtered here.
   */
  @Override
  public List<PullRequest> findClosed(String headBranch, String baseBranch) {
    var items =
        http.pages(
            page ->
                Call.of("GET", repoPath(target) + "/pulls", "list the closed pull requests")
                    .query("state", "closed")
                    .query("page", page)
                    .query("limit", PAGE),
            PAGE,
            pr -> false,
            CLOSED_PAGES);
    return closedOf(items, headBranch, baseBranch, this::sameRepository);
  }

  @Override
  Optional<PullRequest> tryCreate(PullRequestDraft draft) {
    var labelIds = labelIds(draft.labels());
    var json =
        HostingHttp.object()
            .put("head", draft.head())
            .put("base", draft.base())
            .put("title", draft.draft() ? DRAFT_PREFIX + draft.title() : draft.title())
            .put("body", draft.body());
    if (!labelIds.isEmpty()) {
      var ids = json.putArray("labels");
      labelIds.forEach(ids::add);
    }
    var created = postPull(json, draft, 409, "already exists");
    if (created.isEmpty()) {
      return Optional.empty();
    }
    var pr = pullRequest(created.get());
    requestReviews(pr.number(), draft.reviewers());
    return Optional.of(pr);
  }

  @Override
  PullRequest adopt(PullRequest existing, PullRequestDraft draft) {
    var title = draft.draft() ? DRAFT_PREFIX + draft.title() : draft.title();
    var updated = edit(existing.number(), title, draft.body());
    var labelIds = labelIds(draft.labels());
    if (!labelIds.isEmpty()) {
      var json = HostingHttp.object();
      var ids = json.putArray("labels");
      labelIds.forEach(ids::add);
      http.send(
          Call.of(
                  "POST",
                  issuePath(existing.number()) + "/labels",
                  "label pull request #" + existing.number())
              .body(json));
    }
    requestReviews(existing.number(), draft.reviewers());
    return updated;
  }

  @Override
  public PullRequest update(PullRequest pr, String title, String body) {
    checkBody("the body of pull request #" + pr.number(), body);
    String newTitle = null;
    if (title != null) {
      var keepDraft = isDraftTitle(pr.title()) && !isDraftTitle(title);
      newTitle = keepDraft ? DRAFT_PREFIX + title : title;
    }
    return edit(pr.number(), newTitle, body);
  }

  private void requestReviews(int number, List<String> reviewers) {
    if (reviewers.isEmpty()) {
      return;
    }
    var json = HostingHttp.object();
    var users = json.putArray("reviewers");
    var teams = new ArrayList<String>();
    for (var r : reviewers) {
      var slash = r.indexOf('/');
      if (slash >= 0) {
        teams.add(r.substring(slash + 1));
      } else {
        users.add(r.startsWith("@") ? r.substring(1) : r);
      }
    }
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
            .hint("check the reviewer names: each must be able to read " + target.repository()));
  }

  /** The ids of the repository's labels with these names. */
  private List<Long> labelIds(List<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    if (labelsByName == null) {
      var byName = new HashMap<String, Long>();
      var byLowerName = new HashMap<String, Long>();
      for (var label :
          http.pages(
              page ->
                  Call.of("GET", repoPath(target) + "/labels", "list the labels")
                      .query("page", page)
                      .query("limit", PAGE),
              PAGE,
              l -> false)) {
        var name = text(label, "name");
        byName.put(name, label.path("id").asLong());
        byLowerName.putIfAbsent(name.toLowerCase(Locale.ROOT), label.path("id").asLong());
      }
      labelsByName = byName;
      labelsByLowerName = byLowerName;
    }
    var ids = new ArrayList<Long>();
    for (var name : names) {
      var id = find(labelsByName, labelsByLowerName, name);
      if (id == null) {
        throw new HostingException(
            "label '"
                + name
                + "' does not exist in "
                + target.repository()
                + " on "
                + target.host()
                + "; create it there first (Gitea does not create labels on use)");
      }
      ids.add(id);
    }
    return ids;
  }

  private static Long find(Map<String, Long> exact, Map<String, Long> lower, String name) {
    var id = exact.get(name);
    return id != null ? id : lower.get(name.toLowerCase(Locale.ROOT));
  }

  private boolean sameRepository(JsonNode pr) {
    var head = pr.path("head").path("repo_id").asLong(-1);
    var base = pr.path("base").path("repo_id").asLong(-1);
    return head < 0 || base < 0 || head == base;
  }

  static boolean isDraftTitle(String title) {
    return title != null && DRAFT_TITLE.matcher(title).find();
  }

  @Override
  PullRequest pullRequest(JsonNode pr) {
    var state = text(pr, "state");
    if (pr.path("merged").asBoolean(false)) {
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

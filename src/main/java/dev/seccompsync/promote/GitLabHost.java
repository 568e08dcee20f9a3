package dev.seccompsync.promote;

import dev.seccompsync.promote.HostingHttp.Call;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Merge requests on GitLab through API v4 ({@code https://HOST/api/v4}), authenticated with the
 * {@code PRIVATE-TOKEN} header (personal, group or project access tokens). The project is named by
 * its URL-encoded path; a draft is the {@code Draft:} title prefix; reviewers are user names,
 * resolved to ids.
 */
public final class GitLabHost extends BaseHost {

  /** GitLab takes notes of up to 1,000,000 characters (descriptions slightly more). */
  public static final int MAX_BODY = 1_000_000;

  static final String DRAFT_PREFIX = "Draft: ";

  private static final Pattern DRAFT_TITLE =
      Pattern.compile("(?i)^\\s*(\\[draft\\]|\\(draft\\)|draft:|draft\\s-|\\[wip\\]|wip:)");
  private static final int PAGE = 100;

  /** User ids by user name, looked up once per client. */
  private final Map<String, Long> userIds = new HashMap<>();

  public GitLabHost(HostingHttp http) {
    super(http, Provider.GITLAB);
  }

  @Override
  public int maxBodyLength() {
    return MAX_BODY;
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch, String baseBranch) {
    var response =
        http.send(
            Call.of("GET", mergeRequests(), "list the open merge requests")
                .query("state", "opened")
                .query("source_branch", headBranch)
                .query("target_branch", baseBranch)
                .query("per_page", PAGE));
    for (var mr : response.json()) {
      if (!text(mr, "source_branch").equals(headBranch)
          || !text(mr, "target_branch").equals(baseBranch)) {
        continue;
      }
      if (sameProject(mr)) {
        return Optional.of(pullRequest(mr));
      }
    }
    return Optional.empty();
  }

  /**
   * GitLab's {@code closed} state leaves out merged merge requests, which have their own {@code
   * merged} state: both are listed.
   */
  @Override
  public List<PullRequest> findClosed(String headBranch, String baseBranch) {
    var found = new ArrayList<PullRequest>();
    for (var state : List.of("closed", "merged")) {
      var items =
          http.pages(
              page ->
                  Call.of("GET", mergeRequests(), "list the " + state + " merge requests")
                      .query("state", state)
                      .query("source_branch", headBranch)
                      .query("target_branch", baseBranch)
                      .query("per_page", PAGE)
                      .query("page", page),
              PAGE,
              mr -> false,
              CLOSED_PAGES);
      for (var mr : items) {
        if (text(mr, "source_branch").equals(headBranch)
            && text(mr, "target_branch").equals(baseBranch)
            && text(mr, "state").equals(state)
            && sameProject(mr)) {
          found.add(pullRequest(mr));
        }
      }
    }
    found.sort(NEWEST_FIRST);
    return List.copyOf(found);
  }

  @Override
  Optional<PullRequest> tryCreate(PullRequestDraft draft) {
    var json =
        HostingHttp.object()
            .put("source_branch", draft.head())
            .put("target_branch", draft.base())
            .put("title", draft.draft() ? DRAFT_PREFIX + draft.title() : draft.title())
            .put("description", draft.body());
    if (!draft.labels().isEmpty()) {
      json.put("labels", labelList(draft));
    }
    var reviewers = reviewerIds(draft);
    if (!reviewers.isEmpty()) {
      var ids = json.putArray("reviewer_ids");
      reviewers.forEach(ids::add);
    }
    var response =
        http.send(
            Call.of("POST", mergeRequests(), "create the merge request")
                .body(json)
                .allow(409)
                .hint(
                    "check that branch "
                        + draft.head()
                        + " is pushed to "
                        + target.repository()
                        + " and differs from "
                        + draft.base()));
    if (response.status() == 409) {
      if (response.problem().toLowerCase(Locale.ROOT).contains("already exists")) {
        return Optional.empty();
      }
      throw new HostingException(
          "project "
              + target.repository()
              + " on "
              + target.host()
              + ": could not create the merge request from "
              + draft.head()
              + " (HTTP 409: "
              + http.redact(response.problem())
              + "); run again once the conflicting change is done",
          409);
    }
    return Optional.of(pullRequest(response.json()));
  }

  @Override
  PullRequest adopt(PullRequest existing, PullRequestDraft draft) {
    var json =
        HostingHttp.object()
            .put("title", draft.draft() ? DRAFT_PREFIX + draft.title() : draft.title())
            .put("description", draft.body());
    if (!draft.labels().isEmpty()) {
      json.put("add_labels", labelList(draft));
    }
    var reviewers = reviewerIds(draft);
    if (!reviewers.isEmpty()) {
      // reviewer_ids replaces the reviewers: keep the ones already asked.
      var current =
          http.send(
              Call.of("GET", mergeRequest(existing.number()), "read " + mr(existing.number()))
                  .notFound(noPullRequest(existing.number())));
      var all = new LinkedHashSet<Long>();
      for (var r : current.json().path("reviewers")) {
        all.add(r.path("id").asLong());
      }
      all.addAll(reviewers);
      var ids = json.putArray("reviewer_ids");
      all.forEach(ids::add);
    }
    return put(existing.number(), json, "edit " + mr(existing.number()));
  }

  @Override
  public PullRequest update(PullRequest pr, String title, String body) {
    checkBody("the description of " + mr(pr.number()), body);
    var json = HostingHttp.object();
    if (title != null) {
      var keepDraft = isDraftTitle(pr.title()) && !isDraftTitle(title);
      json.put("title", keepDraft ? DRAFT_PREFIX + title : title);
    }
    if (body != null) {
      json.put("description", body);
    }
    return put(pr.number(), json, "edit " + mr(pr.number()));
  }

  @Override
  void closeOnly(PullRequest pr) {
    put(pr.number(), HostingHttp.object().put("state_event", "close"), "close " + mr(pr.number()));
  }

  @Override
  Optional<Comment> findComment(int number, String marker) {
    return http.find(
            page ->
                Call.of("GET", mergeRequest(number) + "/notes", "list the notes of " + mr(number))
                    .query("sort", "asc")
                    .query("order_by", "created_at")
                    .query("per_page", PAGE)
                    .query("page", page)
                    .notFound(noPullRequest(number)),
            PAGE,
            n -> !n.path("system").asBoolean(false) && text(n, "body").contains(marker))
        .map(n -> new Comment(n.path("id").asLong(), text(n, "body")));
  }

  @Override
  void createComment(int number, String body) {
    http.send(
        Call.of("POST", mergeRequest(number) + "/notes", "comment on " + mr(number))
            .body(HostingHttp.object().put("body", body))
            .notFound(noPullRequest(number))
            .once());
  }

  @Override
  void editComment(int number, long id, String body) {
    http.send(
        Call.of(
                "PUT",
                mergeRequest(number) + "/notes/" + id,
                "edit note " + id + " on " + mr(number))
            .body(HostingHttp.object().put("body", body))
            .notFound(
                "note "
                    + id
                    + " on "
                    + mr(number)
                    + " in "
                    + target.repository()
                    + " is gone; run again to post a new one"));
  }

  @Override
  public String headRevision(int number) {
    var json =
        http.send(
                Call.of("GET", mergeRequest(number), "read " + mr(number))
                    .notFound(noPullRequest(number)))
            .json();
    var sha = text(json, "sha");
    return sha.isEmpty() ? text(json.path("diff_refs"), "head_sha") : sha;
  }

  @Override
  String noPullRequest(int number) {
    return "merge request !"
        + number
        + " not found in "
        + target.repository()
        + " on "
        + target.host()
        + ", or the token cannot see it; check the number";
  }

  /** Whether it comes from this project rather than from a fork (another source project). */
  private static boolean sameProject(JsonNode mr) {
    var source = mr.path("source_project_id").asLong(-1);
    var targetId = mr.path("target_project_id").asLong(-1);
    return source < 0 || targetId < 0 || source == targetId;
  }

  private PullRequest put(int number, JsonNode json, String action) {
    var response =
        http.send(
            Call.of("PUT", mergeRequest(number), action)
                .body(json)
                .notFound(noPullRequest(number)));
    return pullRequest(response.json());
  }

  /** User ids of the draft's reviewers, looked up by user name. */
  private Set<Long> reviewerIds(PullRequestDraft draft) {
    var ids = new LinkedHashSet<Long>();
    for (var reviewer : draft.reviewers()) {
      var name = reviewer.startsWith("@") ? reviewer.substring(1) : reviewer;
      var known = userIds.get(name);
      if (known != null) {
        ids.add(known);
        continue;
      }
      var users =
          http.send(
                  Call.of("GET", "/users", "look up user " + name)
                      .query("username", name)
                      .notFound(
                          "user "
                              + name
                              + " not found on "
                              + target.host()
                              + "; check the reviewer name"))
              .json();
      var id = -1L;
      for (var u : users) {
        if (text(u, "username").equalsIgnoreCase(name)) {
          id = u.path("id").asLong();
          break;
        }
      }
      if (id < 0) {
        throw new HostingException(
            "reviewer " + name + " is not a user on " + target.host() + "; check the name");
      }
      userIds.put(name, id);
      ids.add(id);
    }
    return ids;
  }

  private static String labelList(PullRequestDraft draft) {
    for (var label : draft.labels()) {
      if (label.contains(",")) {
        throw new HostingException(
            "label '" + label + "' has a comma, which GitLab reads as two labels; rename it");
      }
    }
    return String.join(",", draft.labels());
  }

  static boolean isDraftTitle(String title) {
    return title != null && DRAFT_TITLE.matcher(title).find();
  }

  private String project() {
    return "/projects/" + HostingHttp.segment(target.repository());
  }

  private String mergeRequests() {
    return project() + "/merge_requests";
  }

  private String mergeRequest(int iid) {
    return mergeRequests() + "/" + iid;
  }

  private static String mr(int iid) {
    return "merge request !" + iid;
  }

  static PullRequest pullRequest(JsonNode mr) {
    var state = text(mr, "state");
    return new PullRequest(
        mr.path("iid").asInt(),
        text(mr, "web_url"),
        text(mr, "source_branch"),
        text(mr, "target_branch"),
        text(mr, "title"),
        text(mr, "description"),
        "opened".equals(state) ? "open" : state);
  }
}

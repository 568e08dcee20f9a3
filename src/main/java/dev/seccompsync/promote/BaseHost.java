package dev.seccompsync.promote;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** What the three hosts share: the comment upsert, the already-exists path, body limits. */
abstract class BaseHost implements PullRequestHost {

  /** How many pages of closed pull requests {@link #findClosed} reads at most. */
  static final int CLOSED_PAGES = 3;

  /** Newest first, the order {@link #findClosed} answers in. */
  static final Comparator<PullRequest> NEWEST_FIRST =
      Comparator.comparingInt(PullRequest::number).reversed();

  private static final Pattern MARKER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");

  /** A comment found on a pull request. */
  record Comment(long id, String body) {}

  final HostingHttp http;
  final HostingTarget target;

  BaseHost(HostingHttp http, Provider provider) {
    if (http.target().provider() != provider) {
      throw new IllegalArgumentException(
          "a " + provider + " client needs a " + provider + " target: " + http.target());
    }
    this.http = http;
    this.target = http.target();
  }

  @Override
  public HostingTarget target() {
    return target;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + target.repository() + " at " + target.apiBase() + "]";
  }

  /** Creates it, or answers empty when the host says it already exists. */
  abstract Optional<PullRequest> tryCreate(PullRequestDraft draft);

  /** Gives an open pull request the draft's title, body, labels and reviewers. */
  abstract PullRequest adopt(PullRequest existing, PullRequestDraft draft);

  abstract Optional<Comment> findComment(int number, String marker);

  abstract void createComment(int number, String body);

  abstract void editComment(int number, long id, String body);

  abstract void closeOnly(PullRequest pr);

  @Override
  public final PullRequest create(PullRequestDraft draft) {
    checkBody("the body of the pull request from " + draft.head(), draft.body());
    var created = tryCreate(draft);
    if (created.isPresent()) {
      return created.get();
    }
    var existing =
        findOpen(draft.head(), draft.base())
            .orElseThrow(
                () ->
                    new HostingException(
                        "repository "
                            + target.repository()
                            + " on "
                            + target.host()
                            + ": a pull request from "
                            + draft.head()
                            + " into "
                            + draft.base()
                            + " is said to exist but none is open from this repository;"
                            + " check the pull requests of branch "
                            + draft.head()));
    return adopt(existing, draft);
  }

  @Override
  public final void close(PullRequest pr, String comment) {
    if (comment != null && !comment.isBlank()) {
      checkBody("the closing comment on pull request #" + pr.number(), comment);
      createComment(pr.number(), comment);
    }
    closeOnly(pr);
  }

  @Override
  public final Upserted upsertComment(int number, String marker, String body) {
    var tag = marker(marker);
    var text = body == null ? tag : body.contains(tag) ? body : tag + "\n" + body;
    checkBody("the comment " + marker + " on pull request #" + number, text);
    var existing = findComment(number, tag);
    if (existing.isPresent()) {
      return keep(number, existing.get(), text);
    }
    try {
      createComment(number, text);
    } catch (HostingException e) {
      if (!e.serverError()) {
        throw e;
      }
      // The host may have stored the comment before failing: look again rather than post twice.
      var landed = findComment(number, tag);
      if (landed.isPresent()) {
        keep(number, landed.get(), text);
        return Upserted.CREATED;
      }
      createComment(number, text);
    }
    return Upserted.CREATED;
  }

  private Upserted keep(int number, Comment comment, String text) {
    if (comment.body().equals(text)) {
      return Upserted.UNCHANGED;
    }
    editComment(number, comment.id(), text);
    return Upserted.EDITED;
  }

  /** The hidden line that marks a comment as the one for {@code name}. */
  static String marker(String name) {
    if (name == null || !MARKER.matcher(name).matches()) {
      throw new HostingException(
          "comment marker '"
              + name
              + "' is not usable; use letters, digits and . _ - : / (at most 100)");
    }
    return "<!-- seccomp-sync:" + name + " -->";
  }

  void checkBody(String what, String body) {
    if (body == null) {
      return;
    }
    var length = body.codePointCount(0, body.length());
    if (length > maxBodyLength()) {
      throw new HostingException(
          what
              + " has "
              + length
              + " characters, more than the "
              + maxBodyLength()
              + " "
              + target.provider().displayName()
              + " takes; shorten it");
    }
  }

  String noPullRequest(int number) {
    return "pull request #"
        + number
        + " not found in "
        + target.repository()
        + " on "
        + target.host()
        + ", or the token cannot see it; check the number";
  }

  static String text(JsonNode node, String field) {
    return HostingHttp.text(node, field);
  }

  static String repoPath(HostingTarget target) {
    return "/repos/"
        + HostingHttp.segment(target.owner())
        + "/"
        + HostingHttp.segment(target.repo());
  }
}

package dev.seccompsync.promote;

import java.util.List;
import java.util.Optional;

/**
 * What a pull-request bot does on a hosting service: find, open, edit and close the pull request of
 * a branch, and keep one comment of its own up to date. Every failure is a {@link HostingException}
 * whose message says what to do.
 */
public interface PullRequestHost {

  /** The client for the target's provider. */
  static PullRequestHost of(HostingHttp http) {
    return switch (http.target().provider()) {
      case GITHUB -> new GitHubHost(http);
      case GITLAB -> new GitLabHost(http);
      case GITEA -> new GiteaHost(http);
    };
  }

  /** The repository this client works on. */
  HostingTarget target();

  /** The open pull request from {@code headBranch} of this repository into {@code baseBranch}. */
  Optional<PullRequest> findOpen(String headBranch, String baseBranch);

  /**
   * The pull requests from {@code headBranch} of this repository into {@code baseBranch} that are
   * no longer open, newest (highest number) first: {@link PullRequest#isMerged()} tells the merged
   * ones from those closed without merging. At most three pages of the host's listing are read (per
   * state on GitLab), so a branch with hundreds of closed pull requests lists only the recent ones.
   */
  List<PullRequest> findClosed(String headBranch, String baseBranch);

  /**
   * Opens a pull request with the draft's labels and reviewers. When the host answers that one is
   * already open for these branches, that one gets the draft's title, body, labels and reviewers
   * instead, and is returned.
   */
  PullRequest create(PullRequestDraft draft);

  /**
   * Sets the title and body. Where a draft is marked in the title (GitLab, Gitea), a draft stays a
   * draft.
   */
  PullRequest update(PullRequest pr, String title, String body);

  /** Comments on the pull request (unless {@code comment} is blank), then closes it. */
  void close(PullRequest pr, String comment);

  /**
   * Keeps one comment per marker: the comment holding {@code <!-- seccomp-sync:MARKER -->} is
   * edited to {@code body} (the marker is added to the body), and created when there is none.
   *
   * @param marker letters, digits and {@code . _ - : /}
   * @return what was done to the comment
   */
  Upserted upsertComment(int number, String marker, String body);

  /** What {@link #upsertComment} did. */
  enum Upserted {
    /** There was no comment with the marker; one was posted. */
    CREATED,
    /** The comment with the marker was edited. */
    EDITED,
    /** The comment with the marker already said this. */
    UNCHANGED
  }

  /** The longest body (description or comment) the host takes, in characters. */
  int maxBodyLength();

  /** The commit the pull request's head branch is at. */
  String headRevision(int number);
}

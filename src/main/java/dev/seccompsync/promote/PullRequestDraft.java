package dev.seccompsync.promote;

import java.util.List;

/**
 * A pull request to open.
 *
 * @param head the branch to merge from, already pushed to the repository
 * @param base the branch to merge into
 * @param title the title, without a draft prefix ({@code draft} adds it where the host wants one)
 * @param body the description; {@code null} for none
 * @param labels label names to put on it; on Gitea they must exist in the repository
 * @param reviewers user names to ask for a review; {@code org/team} asks a GitHub team or Gitea
 *     team
 * @param draft whether to open it as a draft
 */
public record PullRequestDraft(
    String head,
    String base,
    String title,
    String body,
    List<String> labels,
    List<String> reviewers,
    boolean draft) {

  public PullRequestDraft {
    head = required(head, "head branch");
    base = required(base, "base branch");
    title = required(title, "title");
    body = body == null ? "" : body;
    labels = labels == null ? List.of() : List.copyOf(labels);
    reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
    if (head.equals(base)) {
      throw new HostingException(
          "pull request from "
              + head
              + " into "
              + base
              + ": both branches are the same;"
              + " push the changes to another branch");
    }
  }

  /** A pull request with no labels or reviewers. */
  public static PullRequestDraft of(String head, String base, String title, String body) {
    return new PullRequestDraft(head, base, title, body, List.of(), List.of(), false);
  }

  private static String required(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new HostingException("pull request: the " + what + " is empty; give one");
    }
    return value.strip();
  }
}

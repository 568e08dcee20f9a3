package dev.seccompsync.promote;

/**
 * A pull request (a merge request on GitLab) as the host reports it.
 *
 * @param number the number people see: GitHub's and Gitea's number, GitLab's iid
 * @param url the web page of the pull request
 * @param head the branch it merges from
 * @param base the branch it merges into
 * @param title the title, as shown (with GitLab's {@code Draft:} or Gitea's {@code WIP:} prefix)
 * @param body the description; empty when there is none
 * @param state {@code open}, {@code closed} or {@code merged} (another word the host uses is kept
 *     as it is)
 */
public record PullRequest(
    int number, String url, String head, String base, String title, String body, String state) {

  public PullRequest {
    body = body == null ? "" : body;
    title = title == null ? "" : title;
  }

  public boolean isOpen() {
    return "open".equals(state);
  }

  /** Whether it was merged; a closed pull request that was not merged is {@code closed}. */
  public boolean isMerged() {
    return "merged".equals(state);
  }
}

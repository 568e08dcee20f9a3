package dev.seccompsync.promote;

/**
 * What promoting one recording did.
 *
 * @param recording {@code namespace/recording}
 * @param status the outcome
 * @param branch the branch of the proposal
 * @param commit the branch's commit afterwards, or {@code null}
 * @param pullRequest the pull request, or {@code null}
 * @param proposal what was proposed, or {@code null} when nothing was
 * @param message one line for people
 */
public record PromotionResult(
    String recording,
    Status status,
    String branch,
    String commit,
    PullRequest pullRequest,
    Proposal proposal,
    String message) {

  /** A recording that failed, with the one-line reason. */
  public static PromotionResult failed(String recording, String message) {
    // Results are shown after their recording's key; a message need not say it twice.
    var prefix = "recording " + recording + ": ";
    if (message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    return new PromotionResult(
        recording, Status.FAILED, Recording.branchOf(recording), null, null, null, message);
  }

  /** What happened to a recording. */
  public enum Status {
    /** Partial profiles wait for the operator's merge; nothing was written. */
    MERGE_PENDING(false),
    /** Git already allows everything recorded; nothing was written. */
    NOTHING_NEW(false),
    /** A pull request was opened. */
    OPENED(false),
    /** The branch or the open pull request was brought up to date. */
    UPDATED(false),
    /** The branch and pull request already propose exactly this; nothing was written. */
    UNCHANGED(false),
    /** Git now has everything recorded, so the open pull request was closed. */
    CLOSED(false),
    /** People closed this very proposal before; it is not proposed again. */
    DECLINED(false),
    /** Nothing could be proposed because of a problem in Git (a file that does not load). */
    BLOCKED(true),
    /** People's commits on the branch conflict with the new proposal; the branch was left alone. */
    LEFT_ALONE(true),
    /** The recording could not be promoted; the message says why. Exit code 2. */
    FAILED(true),
    /** Pushed, but no hosting provider is configured to open a pull request. */
    PUSHED(false),
    /** Dry run: shown, nothing written. */
    PLANNED(false);

    private final boolean needsAttention;

    Status(boolean needsAttention) {
      this.needsAttention = needsAttention;
    }

    /** Whether a person has to act. */
    public boolean needsAttention() {
      return needsAttention;
    }
  }
}

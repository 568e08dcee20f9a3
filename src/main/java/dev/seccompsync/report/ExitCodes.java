package dev.seccompsync.report;

import dev.seccompsync.diff.RunResult;

/**
 * The exit codes of every command, as {@code kubectl diff}, {@code flux diff} and {@code argocd app
 * diff} use them.
 */
public final class ExitCodes {

  /** No differences (diff, drift) or success (apply). */
  public static final int OK = 0;

  /** Differences found (diff) or drift found (drift). */
  public static final int DIFFERENCES = 1;

  /** Any error: bad input, bad flags, an unreachable cluster, a refused object. */
  public static final int ERROR = 2;

  private ExitCodes() {}

  /** The exit code for a finished run of {@code command}. */
  public static int of(RunResult result) {
    if (result.hasErrors()) {
      return ERROR;
    }
    return switch (result.command()) {
      case "diff" ->
          result.hasChanges()
                  || result.objects().stream()
                      .anyMatch(o -> o.action() == dev.seccompsync.diff.Action.PENDING)
              ? DIFFERENCES
              : OK;
      case "drift" -> result.hasDrift() ? DIFFERENCES : OK;
      default -> OK;
    };
  }
}

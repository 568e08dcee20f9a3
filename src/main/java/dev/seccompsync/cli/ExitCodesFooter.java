package dev.seccompsync.cli;

import dev.seccompsync.report.ExitCodes;

/** The exit-code table every {@code --help} ends with, built from {@link ExitCodes}. */
final class ExitCodesFooter {
  static final String TEXT =
      "%nExit codes:%n  "
          + ExitCodes.OK
          + "  no differences / success%n  "
          + ExitCodes.DIFFERENCES
          + "  differences or drift found (diff, plan, drift)%n  "
          + ExitCodes.ERROR
          + "  error: bad input or flags, cluster unreachable, object refused";

  private ExitCodesFooter() {}
}

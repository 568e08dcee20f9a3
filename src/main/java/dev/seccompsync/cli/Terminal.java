package dev.seccompsync.cli;

/** Whether stdout is a terminal that wants colour. */
final class Terminal {
  private Terminal() {}

  static boolean isColour() {
    return System.console() != null
        && System.getenv("NO_COLOR") == null
        && !"dumb".equals(System.getenv("TERM"));
  }
}

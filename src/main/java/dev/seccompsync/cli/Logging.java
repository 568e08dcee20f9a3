package dev.seccompsync.cli;

/**
 * Sets the log level before the first logger exists: quiet by default (warnings only), debug with
 * {@code -v}, trace with {@code -vv}. Logs go to stderr, so that stdout stays parseable.
 */
final class Logging {
  private Logging() {}

  static void configure(String[] args) {
    var controller = isReconcile(args);
    var level =
        switch (verbosity(args)) {
          case 0 -> controller ? "info" : "warn";
          case 1 -> "debug";
          default -> "trace";
        };
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.dev.seccompsync", level);
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (controller) {
      // fabric8's informers and leader elector log every retry with a stack trace; the loop
      // reports the same failures as one line each, so theirs are shown only with -v.
      System.setProperty(
          "org.slf4j.simpleLogger.log.io.fabric8",
          switch (verbosity(args)) {
            case 0 -> "off";
            case 1 -> "warn";
            default -> "debug";
          });
    }
    // JGit logs the failures of a local transport with their stack traces; the same failures
    // reach the user as one-line errors, so JGit's own are shown only with -v.
    System.setProperty(
        "org.slf4j.simpleLogger.log.org.eclipse.jgit",
        switch (verbosity(args)) {
          case 0 -> "off";
          case 1 -> "warn";
          default -> "debug";
        });
    // fabric8 warns about every v1beta1/v1alpha* resource; SPO's versions are what they are.
    System.setProperty(
        "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils",
        "error");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty(
        "org.slf4j.simpleLogger.dateTimeFormat",
        controller ? "yyyy-MM-dd'T'HH:mm:ss.SSSX" : "HH:mm:ss.SSS");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
  }

  /** Whether the command is the long-running {@code reconcile}, which logs each pass. */
  static boolean isReconcile(String[] args) {
    for (var arg : args) {
      if (!arg.startsWith("-")) {
        return arg.equals("reconcile");
      }
    }
    return false;
  }

  /** Counts {@code -v}, {@code -vv} and {@code --verbose} before any {@code --}. */
  static int verbosity(String[] args) {
    int count = 0;
    for (var arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals("--verbose")) {
        count++;
      } else if (arg.matches("-v+")) {
        count += arg.length() - 1;
      }
    }
    return count;
  }
}

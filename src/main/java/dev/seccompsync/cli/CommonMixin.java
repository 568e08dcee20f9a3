package dev.seccompsync.cli;

import picocli.CommandLine.Option;

/** Flags every command shares: verbosity and stack traces (read early by Logging too). */
final class CommonMixin {

  @Option(
      names = {"-v", "--verbose"},
      description = "Debug logs on stderr; -vv for trace logs and stack traces.")
  boolean[] verbose = new boolean[0];

  @Option(names = "--stacktrace", description = "Print the stack trace of an error.")
  boolean stacktrace;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description = "Most API requests in flight (default: 8).")
  int concurrency;
}

package dev.seccompsync.cli;

import dev.seccompsync.SeccompSyncException;
import dev.seccompsync.report.ExitCodes;
import picocli.CommandLine;

/** Builds the command line with seccomp-sync's error handling and exit codes. */
public final class Cli {
  private Cli() {}

  public static CommandLine commandLine() {
    var commandLine = new CommandLine(new RootCommand());
    commandLine.setExecutionExceptionHandler(Cli::handleExecutionException);
    commandLine.setParameterExceptionHandler(Cli::handleParameterException);
    commandLine.setExitCodeExceptionMapper(e -> ExitCodes.ERROR);
    return commandLine;
  }

  private static int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    var err = commandLine.getErr();
    err.println("error: " + ErrorMessages.of(e));
    if (wantsStackTrace(parseResult)) {
      e.printStackTrace(err);
    } else if (!(e instanceof SeccompSyncException)) {
      err.println("(run with --stacktrace for details)");
    }
    err.flush();
    return ExitCodes.ERROR;
  }

  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    var commandLine = e.getCommandLine();
    var err = commandLine.getErr();
    err.println("error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCodes.ERROR;
  }

  private static boolean wantsStackTrace(CommandLine.ParseResult parseResult) {
    var leaf = parseResult;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf.hasMatchedOption("--stacktrace")
        || Logging.verbosity(leaf.originalArgs().toArray(String[]::new)) >= 2;
  }
}

package dev.seccompsync.cli;

import dev.seccompsync.SeccompSyncException;
import dev.seccompsync.report.ExitCodes;
import picocli.CommandLine;

/** Builds the command line with seccomp-sync's error handling and exit codes. */
public final class Cli {
  private Cli() {}

  public static CommandLine commandLine() {
    var commandLine = new CommandLine(new RootCommand());
    // The kubectl plugin launcher names the command as people type it.
    var name = System.getProperty("seccompsync.commandName");
    if (name != null && !name.isBlank()) {
      commandLine.setCommandName(name);
    }
    commandLine.setExecutionExceptionHandler(Cli::handleExecutionException);
    commandLine.setParameterExceptionHandler(Cli::handleParameterException);
    commandLine.setExitCodeExceptionMapper(e -> ExitCodes.ERROR);
    return commandLine;
  }

  private static int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    var err = commandLine.getErr();
    var message = ErrorMessages.of(e);
    err.println("error: " + message);
    var format = machineFormat(parseResult);
    if (format != null) {
      // CI jobs pipe -o json into jq; give them a document even when the run failed.
      var document = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      document.put("command", leaf(parseResult).commandSpec().name());
      document.put("error", message);
      var text =
          format == OutputFormat.json
              ? document + "\n"
              : dev.seccompsync.diff.TextDiff.yaml(document);
      commandLine.getOut().print(text);
      commandLine.getOut().flush();
    }
    if (wantsStackTrace(parseResult)) {
      printTrace(e, err);
    } else if (!(e instanceof SeccompSyncException)) {
      err.println("(run with --stacktrace for details)");
    }
    err.flush();
    return ExitCodes.ERROR;
  }

  /** The stack trace, with causes, on the CLI's error writer; only asked for with --stacktrace. */
  private static void printTrace(Throwable e, java.io.PrintWriter err) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      err.println((t == e ? "" : "Caused by: ") + t);
      for (var frame : t.getStackTrace()) {
        err.println("\tat " + frame);
      }
    }
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

  private static CommandLine.ParseResult leaf(CommandLine.ParseResult parseResult) {
    var leaf = parseResult;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf;
  }

  /** {@code json} or {@code yaml} when the command was asked for one, else {@code null}. */
  private static OutputFormat machineFormat(CommandLine.ParseResult parseResult) {
    var leaf = leaf(parseResult);
    if (!leaf.hasMatchedOption("-o")) {
      return null;
    }
    var format = leaf.matchedOptionValue("-o", OutputFormat.text);
    return format == OutputFormat.json || format == OutputFormat.yaml ? format : null;
  }

  private static boolean wantsStackTrace(CommandLine.ParseResult parseResult) {
    var leaf = leaf(parseResult);
    return leaf.hasMatchedOption("--stacktrace")
        || Logging.verbosity(leaf.originalArgs().toArray(String[]::new)) >= 2;
  }
}

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
          switch (format) {
            case "json" -> document + "\n";
            case "sarif" -> sarifError(message);
            default -> dev.seccompsync.diff.TextDiff.yaml(document);
          };
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
    // picocli starts some of its messages with "Error: " of its own.
    err.println("error: " + e.getMessage().replaceFirst("^Error: ", ""));
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

  /**
   * {@code json}, {@code yaml} or {@code sarif} when the command was asked for one, else {@code
   * null}; commands differ in whether {@code -o} is an enum or text.
   */
  private static String machineFormat(CommandLine.ParseResult parseResult) {
    var leaf = leaf(parseResult);
    if (!leaf.hasMatchedOption("-o")) {
      return null;
    }
    Object value = leaf.matchedOption("-o").getValue();
    var format = String.valueOf(value);
    return format.equals("json") || format.equals("yaml") || format.equals("sarif") ? format : null;
  }

  /** A SARIF log with no results and the error as a failed invocation, for code scanning. */
  private static String sarifError(String message) {
    var nodes = tools.jackson.databind.node.JsonNodeFactory.instance;
    var root = nodes.objectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    var run = root.putArray("runs").addObject();
    var driver = run.putObject("tool").putObject("driver");
    driver.put("name", "seccomp-sync");
    driver.put("version", VersionCommand.version());
    run.putArray("results");
    var invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", false);
    var notification = invocation.putArray("toolExecutionNotifications").addObject();
    notification.put("level", "error");
    notification.putObject("message").put("text", message);
    return root.toPrettyString() + "\n";
  }

  private static boolean wantsStackTrace(CommandLine.ParseResult parseResult) {
    var leaf = leaf(parseResult);
    return leaf.hasMatchedOption("--stacktrace")
        || Logging.verbosity(leaf.originalArgs().toArray(String[]::new)) >= 2;
  }
}

package dev.seccompsync.cli;

import dev.seccompsync.report.ExitCodes;

/** The entry point: configures logging from the flags, runs the command, exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Logging.configure(args);
    var commandLine = Cli.commandLine();
    int code;
    try {
      code = commandLine.execute(args);
    } catch (StackOverflowError | OutOfMemoryError e) {
      // Errors bypass picocli's handler; without this the JVM would exit 1, which means "drift".
      var what = e instanceof StackOverflowError ? "stack" : "memory";
      commandLine
          .getErr()
          .println("error: out of " + what + "; the input is too large or too deeply nested");
      commandLine.getErr().flush();
      code = ExitCodes.ERROR;
    }
    System.exit(code);
  }
}

package dev.seccompsync.cli;

/** The entry point: configures logging from the flags, runs the command, exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Logging.configure(args);
    int code;
    try {
      code = Cli.commandLine().execute(args);
    } catch (StackOverflowError | OutOfMemoryError e) {
      // Errors bypass picocli's handler; without this the JVM would exit 1, which means "drift".
      System.err.println(
          "error: out of "
              + (e instanceof StackOverflowError ? "stack" : "memory")
              + "; the input is too large or too deeply nested");
      code = dev.seccompsync.report.ExitCodes.ERROR;
    }
    System.exit(code);
  }
}

package dev.seccompsync.cli;

/** The entry point: configures logging from the flags, runs the command, exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Logging.configure(args);
    System.exit(Cli.commandLine().execute(args));
  }
}

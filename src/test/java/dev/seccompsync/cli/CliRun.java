package dev.seccompsync.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process with stdout and stderr captured. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var commandLine = Cli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}

package dev.seccompsync.report;

import dev.seccompsync.manifest.Problem;
import java.io.PrintWriter;
import java.util.List;

/** Prints input problems, one line each: {@code error: file:line: message}. */
public final class Problems {
  private Problems() {}

  public static void print(List<Problem> problems, PrintWriter err, Style style) {
    for (var problem : problems) {
      var label = problem.isError() ? style.red("error:") : style.yellow("warning:");
      err.println(label + " " + problem);
    }
  }
}

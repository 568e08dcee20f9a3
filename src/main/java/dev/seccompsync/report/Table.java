package dev.seccompsync.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.regex.Pattern;

/** Left-aligned columns separated by two spaces, the way kubectl prints tables. */
final class Table {
  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

  private Table() {}

  static void print(List<List<String>> rows, PrintWriter out) {
    if (rows.isEmpty()) {
      return;
    }
    int columns = rows.get(0).size();
    var widths = new int[columns];
    for (var row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], visible(row.get(c)));
      }
    }
    for (var row : rows) {
      var line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        var cell = row.get(c);
        line.append(cell);
        if (c < columns - 1) {
          line.append(" ".repeat(widths[c] - visible(cell) + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static int visible(String text) {
    return ANSI.matcher(text).replaceAll("").length();
  }
}

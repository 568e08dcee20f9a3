package dev.seccompsync.migrate;

import java.util.Comparator;
import java.util.List;

/** A replacement of a range of a file's text; edits are applied from the end backwards. */
record TextEdit(int start, int end, String replacement) {

  static String apply(String text, List<TextEdit> edits) {
    var sorted =
        edits.stream().sorted(Comparator.comparingInt(TextEdit::start).reversed()).toList();
    var result = new StringBuilder(text);
    int limit = Integer.MAX_VALUE;
    for (var edit : sorted) {
      if (edit.end() > limit) {
        continue; // overlapping edits: the later one in the file wins
      }
      result.replace(edit.start(), edit.end(), edit.replacement());
      limit = edit.start();
    }
    return result.toString();
  }
}

package dev.seccompsync.manifest;

import java.util.Comparator;
import java.util.List;

/**
 * A replacement of a range of a file's text (UTF-16 offsets); edits are applied from the end
 * backwards, so that earlier offsets stay valid.
 */
public record TextEdit(int start, int end, String replacement) {

  /** The text with the edits made. */
  public static String apply(String text, List<TextEdit> edits) {
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

package dev.seccompsync.manifest;

import java.util.HashSet;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Turns snakeyaml-engine's failures into one-line messages with the line they concern. Where the
 * engine stops without a position (alias limit, nesting), the events are read again, which needs no
 * recursion and builds no nodes, to find the line.
 */
final class YamlErrors {

  private static final String TAB = "\\t(TAB)";

  private static final Pattern MERGE_KEY = Pattern.compile("<<\\s*:");

  /** Lines searched upwards for the merge key a failed merge belongs to. */
  private static final int MERGE_SEARCH = 100;

  private YamlErrors() {}

  static YamlFormatException syntax(MarkedYamlEngineException e, String text) {
    var mark = e.getProblemMark();
    int line = YamlDocuments.line(mark);
    var lineText = YamlText.lineText(text, line);
    int column = mark.map(m -> m.getColumn()).orElse(0);
    boolean tabAtMark = column < lineText.length() && lineText.charAt(column) == '\t';
    if (tabAtMark || String.valueOf(e.getProblem()).contains(TAB)) {
      var indentation = indentation(lineText);
      if (column <= indentation.length() && indentation.indexOf('\t') >= 0) {
        return YamlFormatException.explained(
            line,
            "tab character used for indentation at line %d; indent with spaces".formatted(line));
      }
      return YamlFormatException.explained(
          line,
          ("tab character at line %d, column %d, where YAML allows only spaces; replace it with"
                  + " spaces")
              .formatted(line, column + 1));
    }
    var problem = oneLine(e.getProblem());
    if ("while scanning a quoted scalar".equals(e.getContext())
        && (problem.contains("end of stream") || problem.contains("document separator"))
        && e.getContextMark().isPresent()) {
      int start = YamlDocuments.line(e.getContextMark());
      return YamlFormatException.explained(
          start,
          "quoted string that starts at line %d is never closed; add the closing quote"
              .formatted(start));
    }
    if (problem.startsWith("Expected mapping node or an anchor referencing mapping")) {
      // The engine marks the end of the mapping that holds the merge key; find the key itself.
      int at = line;
      for (int candidate = line; candidate > 0 && candidate > line - MERGE_SEARCH; candidate--) {
        if (MERGE_KEY.matcher(YamlText.lineText(text, candidate)).find()) {
          at = candidate;
          break;
        }
      }
      return YamlFormatException.explained(
          at,
          "the merge key << at line %d takes a mapping or a list of mappings, such as <<: *base"
              .formatted(at));
    }
    var context = e.getContext();
    var description =
        context == null || context.isBlank() ? problem : oneLine(context) + ", " + problem;
    return new YamlFormatException(line, description, e);
  }

  static YamlFormatException character(ReaderException e, String text) {
    int index;
    try {
      index = text.offsetByCodePoints(0, Math.max(0, e.getPosition()));
    } catch (IndexOutOfBoundsException outside) {
      index = text.length();
    }
    int line = YamlText.lineAt(text, index);
    return YamlFormatException.explained(
        line,
        ("character U+%04X at line %d is not allowed in YAML (a binary file, or a control"
                + " character pasted into the text); remove it")
            .formatted(e.getCodePoint(), line));
  }

  static YamlFormatException failure(YamlEngineException e, String text) {
    var message = oneLine(e.getMessage());
    if (message.startsWith("Number of aliases")) {
      return new YamlFormatException(
          aliasLine(text, YamlDocuments.MAX_COLLECTION_ALIASES),
          "alias/anchor expansion limit exceeded (more than %d aliases to collections)"
              .formatted(YamlDocuments.MAX_COLLECTION_ALIASES),
          e,
          true);
    }
    return new YamlFormatException(0, message, e);
  }

  static YamlFormatException tooDeep(String text) {
    return new YamlFormatException(
        depthLine(text, YamlDocuments.MAX_DEPTH),
        "nesting deeper than %d levels".formatted(YamlDocuments.MAX_DEPTH),
        null,
        true);
  }

  /** The line of the first alias to a collection beyond {@code max}, as the composer counts. */
  private static int aliasLine(String text, int max) {
    var collections = new HashSet<String>();
    int count = 0;
    try {
      for (Event event : events(text)) {
        if (event instanceof CollectionStartEvent start) {
          start.getAnchor().ifPresent(a -> collections.add(a.getValue()));
        } else if (event instanceof ScalarEvent scalar) {
          scalar.getAnchor().ifPresent(a -> collections.remove(a.getValue()));
        } else if (event instanceof AliasEvent alias
            && collections.contains(alias.getAlias().getValue())
            && ++count > max) {
          return YamlDocuments.line(alias.getStartMark());
        }
      }
    } catch (YamlEngineException e) {
      return 0;
    }
    return 0;
  }

  /** The line where nesting first exceeds {@code max}, or where it is deepest. */
  private static int depthLine(String text, int max) {
    int depth = 0;
    int deepest = 0;
    int line = 0;
    try {
      for (Event event : events(text)) {
        if (event instanceof CollectionStartEvent) {
          depth++;
          if (depth > deepest) {
            deepest = depth;
            line = YamlDocuments.line(event.getStartMark());
          }
          if (depth > max) {
            return line;
          }
        } else if (event instanceof CollectionEndEvent) {
          depth--;
        }
      }
    } catch (YamlEngineException e) {
      return line;
    }
    return line;
  }

  private static Iterable<Event> events(String text) {
    var settings = LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build();
    return new Parse(settings).parseString(text);
  }

  private static String indentation(String line) {
    int end = 0;
    while (end < line.length() && (line.charAt(end) == ' ' || line.charAt(end) == '\t')) {
      end++;
    }
    return line.substring(0, end);
  }

  private static String oneLine(String text) {
    return String.valueOf(text).strip().replaceAll("\\s*\\R\\s*", " ");
  }
}

package dev.seccompsync.manifest;

import java.util.Arrays;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Finds the line a field is written on, for findings that point at one field. Loading keeps only
 * each document's first line, so that thousands of profiles cost no position table; a finding asks
 * again here, which re-reads only the file it is about.
 */
public final class YamlLines {
  private YamlLines() {}

  /**
   * The 1-based line of the value at {@code pointer} (RFC 6901, such as {@code
   * /spec/syscalls/2/names/0}) in document {@code document} of the file, or of the deepest part of
   * the pointer that exists; {@code fallback} when the file cannot be read again.
   */
  public static int lineOf(byte[] content, int document, String pointer, int fallback) {
    var node = document(content, document);
    return node == null ? fallback : locate(node, pointer);
  }

  /**
   * The 1-based lines of the items of the sequence at {@code pointer} in document {@code document},
   * such as the objects of a {@code kind: List}; empty when there is no such sequence.
   */
  public static List<Integer> itemLines(byte[] content, int document, String pointer) {
    var node = document(content, document);
    if (node == null) {
      return List.of();
    }
    for (var token : tokens(pointer)) {
      node = child(node, token);
      if (node == null) {
        return List.of();
      }
    }
    if (!(node instanceof SequenceNode sequence)) {
      return List.of();
    }
    return sequence.getValue().stream().map(YamlLines::line).toList();
  }

  /**
   * Finds lines in one file, reading it once for any number of lookups (a file with thousands of
   * findings must not be read thousands of times).
   */
  public static final class Locator {
    private final byte[] content;
    private List<Node> documents;

    private Locator(byte[] content) {
      this.content = content;
    }

    /** Like {@link YamlLines#lineOf}, from the documents read on the first call. */
    public int lineOf(int document, String pointer, int fallback) {
      if (documents == null) {
        documents = documents(content);
      }
      return document < documents.size() && documents.get(document) != null
          ? locate(documents.get(document), pointer)
          : fallback;
    }
  }

  public static Locator locator(byte[] content) {
    return new Locator(content);
  }

  private static List<Node> documents(byte[] content) {
    var list = new java.util.ArrayList<Node>();
    try {
      var settings =
          LoadSettings.builder()
              .setAllowDuplicateKeys(true)
              .setCodePointLimit(Integer.MAX_VALUE)
              .build();
      for (Node node : new Compose(settings).composeAllFromString(YamlDocuments.text(content))) {
        list.add(node);
      }
    } catch (YamlEngineException | YamlFormatException | IllegalArgumentException e) {
      return list;
    }
    return list;
  }

  private static Node document(byte[] content, int document) {
    try {
      var settings =
          LoadSettings.builder()
              .setAllowDuplicateKeys(true)
              .setCodePointLimit(Integer.MAX_VALUE)
              .build();
      int index = 0;
      for (Node node : new Compose(settings).composeAllFromString(YamlDocuments.text(content))) {
        if (index++ == document) {
          return node;
        }
      }
    } catch (YamlEngineException | YamlFormatException | IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  private static List<String> tokens(String pointer) {
    if (pointer.isEmpty() || pointer.equals("/")) {
      return List.of();
    }
    return Arrays.stream(pointer.substring(1).split("/", -1))
        .map(raw -> raw.replace("~1", "/").replace("~0", "~"))
        .toList();
  }

  private static Node child(Node node, String token) {
    if (node instanceof MappingNode mapping) {
      for (var tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(token)) {
          return tuple.getValueNode();
        }
      }
    } else if (node instanceof SequenceNode sequence && token.matches("\\d{1,9}")) {
      var items = sequence.getValue();
      int i = Integer.parseInt(token);
      return i < items.size() ? items.get(i) : null;
    }
    return null;
  }

  private static int locate(Node node, String pointer) {
    var current = node;
    var line = line(current);
    if (pointer.isEmpty() || pointer.equals("/")) {
      return line;
    }
    for (var raw : pointer.substring(1).split("/", -1)) {
      var token = raw.replace("~1", "/").replace("~0", "~");
      Node next = null;
      if (current instanceof MappingNode mapping) {
        for (var tuple : mapping.getValue()) {
          if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(token)) {
            next = tuple.getValueNode();
            line = line(tuple.getKeyNode());
            break;
          }
        }
      } else if (current instanceof SequenceNode sequence && token.matches("\\d{1,9}")) {
        var items = sequence.getValue();
        int i = Integer.parseInt(token);
        if (i < items.size()) {
          next = items.get(i);
          line = line(next);
        }
      }
      if (next == null) {
        return line;
      }
      current = next;
    }
    return line;
  }

  private static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}

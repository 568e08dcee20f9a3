package dev.seccompsync.manifest;

import java.io.ByteArrayInputStream;
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
    try {
      var settings = LoadSettings.builder().setAllowDuplicateKeys(true).build();
      int index = 0;
      for (Node node :
          new Compose(settings).composeAllFromInputStream(new ByteArrayInputStream(content))) {
        if (index++ == document) {
          return locate(node, pointer);
        }
      }
    } catch (YamlEngineException | IllegalArgumentException e) {
      return fallback;
    }
    return fallback;
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
      } else if (current instanceof SequenceNode sequence && token.matches("\\d+")) {
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

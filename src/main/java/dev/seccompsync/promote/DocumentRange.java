package dev.seccompsync.promote;

import java.util.ArrayList;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.Node;

/** Where one document's content lies in a YAML file's text (UTF-16 offsets). */
record DocumentRange(int start, int end) {

  static DocumentRange of(String text, int document) {
    var nodes = new ArrayList<Node>();
    new Compose(LoadSettings.builder().build()).composeAllFromString(text).forEach(nodes::add);
    var node = nodes.get(document);
    int start = text.offsetByCodePoints(0, node.getStartMark().orElseThrow().getIndex());
    int end = text.offsetByCodePoints(0, node.getEndMark().orElseThrow().getIndex());
    return new DocumentRange(start, end);
  }
}

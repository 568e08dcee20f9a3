package dev.seccompsync.promote;

import dev.seccompsync.manifest.TextEdit;
import dev.seccompsync.manifest.YamlDocuments;
import dev.seccompsync.manifest.YamlFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Changes the {@code spec.syscalls} rules of one profile in a YAML file by editing lines, so that a
 * review shows only the syscalls that changed: comments, key order, list style, quoting and line
 * endings stay. A name goes into the rule of its action at its sorted place among the names there,
 * in that list's style; a name whose action changed leaves its old rule; an action no rule has gets
 * a new rule after the last one. When the layout is one this cannot edit safely, it says so ({@link
 * Optional#empty()}) and the caller writes the document anew.
 */
final class SyscallsEditor {

  private final String text;
  private final String eol;

  /** Text inserted at an offset, in the order it was planned (edits at one offset would swap). */
  private final java.util.TreeMap<Integer, StringBuilder> insertions = new java.util.TreeMap<>();

  SyscallsEditor(String text) {
    this.text = text;
    this.eol = text.contains("\r\n") ? "\r\n" : "\n";
  }

  /**
   * The text with the document's rules made to allow what {@code target} allows.
   *
   * @param document the document's index in the file
   * @return the new text, or empty when the rules are laid out in a way this does not edit
   */
  Optional<String> update(int document, SyscallUnion target) {
    List<Node> documents;
    try {
      documents = new ArrayList<>();
      new Compose(LoadSettings.builder().build())
          .composeAllFromString(text)
          .forEach(documents::add);
    } catch (YamlEngineException e) {
      return Optional.empty();
    }
    if (document >= documents.size()
        || !(documents.get(document) instanceof MappingNode root)
        || !(value(root, "spec") instanceof MappingNode spec)
        || !(value(spec, "syscalls") instanceof SequenceNode rules)
        || rules.getFlowStyle() != FlowStyle.BLOCK
        || rules.getValue().isEmpty()) {
      return Optional.empty();
    }
    var parsed = new ArrayList<Rule>();
    for (var item : rules.getValue()) {
      var rule = Rule.of(item);
      if (rule == null) {
        return Optional.empty();
      }
      parsed.add(rule);
    }
    var edits = new ArrayList<TextEdit>();
    if (!plan(parsed, target.byName(), edits)) {
      return Optional.empty();
    }
    insertions.forEach((at, inserted) -> edits.add(new TextEdit(at, at, inserted.toString())));
    var edited = TextEdit.apply(text, edits);
    return verify(edited, document, target) ? Optional.of(edited) : Optional.empty();
  }

  private boolean plan(
      List<Rule> rules, Map<String, SyscallUnion.Verdict> target, List<TextEdit> edits) {
    var kept = new ArrayList<List<ScalarNode>>();
    boolean emptied = false;
    for (var rule : rules) {
      var keep = new ArrayList<ScalarNode>();
      var gone = new ArrayList<ScalarNode>();
      for (var name : rule.names()) {
        var verdict = target.get(name.getValue());
        if (!rule.conditional() && !rule.verdict().equals(verdict)) {
          gone.add(name);
        } else {
          keep.add(name);
        }
      }
      if (!rule.conditional() && keep.isEmpty() && !gone.isEmpty()) {
        // A rule left without names goes as a whole, its comments with it.
        if (!removeRule(rule, edits)) {
          return false;
        }
        emptied = true;
      } else {
        for (var name : gone) {
          if (!removeItem(rule, name, edits)) {
            return false;
          }
        }
      }
      kept.add(keep);
    }
    var present = new java.util.HashSet<String>();
    for (int i = 0; i < rules.size(); i++) {
      if (!rules.get(i).conditional()) {
        kept.get(i).forEach(n -> present.add(n.getValue()));
      }
    }
    var newRules = new java.util.LinkedHashMap<SyscallUnion.Verdict, List<String>>();
    for (var entry : target.entrySet()) {
      if (present.contains(entry.getKey())) {
        continue;
      }
      int index = ruleFor(rules, entry.getValue());
      if (index < 0) {
        newRules.computeIfAbsent(entry.getValue(), v -> new ArrayList<>()).add(entry.getKey());
        continue;
      }
      if (!insertItem(rules.get(index), kept.get(index), entry.getKey())) {
        return false;
      }
    }
    if (!newRules.isEmpty() && emptied) {
      return false; // new rules go after the last one, which may be the one that goes
    }
    if (!newRules.isEmpty() && !appendRules(rules, newRules)) {
      return false;
    }
    return true;
  }

  private static int ruleFor(List<Rule> rules, SyscallUnion.Verdict verdict) {
    for (int i = 0; i < rules.size(); i++) {
      if (!rules.get(i).conditional() && rules.get(i).verdict().equals(verdict)) {
        return i;
      }
    }
    return -1;
  }

  private boolean removeRule(Rule rule, List<TextEdit> edits) {
    int keyStart = offset(rule.node().getValue().get(0).getKeyNode(), true);
    int lineStart = lineStart(keyStart);
    if (!text.substring(lineStart, keyStart).matches("\\s*-\\s*")) {
      return false;
    }
    edits.add(new TextEdit(lineStart, nextLineStart(lastContentEnd(rule.node())), ""));
    return true;
  }

  private boolean removeItem(Rule rule, ScalarNode name, List<TextEdit> edits) {
    if (rule.namesNode().getFlowStyle() == FlowStyle.FLOW) {
      return false;
    }
    int start = offset(name, true);
    int lineStart = lineStart(start);
    if (!text.substring(lineStart, start).matches("\\s*-\\s*")) {
      return false;
    }
    edits.add(new TextEdit(lineStart, nextLineStart(offset(name, false)), ""));
    return true;
  }

  /** Inserts before the first kept name that sorts after it, else after the last name. */
  private boolean insertItem(Rule rule, List<ScalarNode> kept, String name) {
    var list = rule.namesNode();
    if (list.getFlowStyle() == FlowStyle.FLOW || kept.isEmpty()) {
      return false;
    }
    ScalarNode before = null;
    for (var existing : kept) {
      if (existing.getValue().compareTo(name) > 0) {
        before = existing;
        break;
      }
    }
    var reference = before != null ? before : kept.get(kept.size() - 1);
    int start = offset(reference, true);
    int lineStart = lineStart(start);
    var prefix = text.substring(lineStart, start);
    if (!prefix.matches("\\s*-\\s*")) {
      return false;
    }
    if (before != null) {
      insert(lineStart, prefix + name + eol);
    } else {
      insert(lineEnd(offset(reference, false)), eol + prefix + name);
    }
    return true;
  }

  /** New rules after the last one, indented like the first. */
  private boolean appendRules(List<Rule> rules, Map<SyscallUnion.Verdict, List<String>> added) {
    var first = rules.get(0);
    int keyStart = offset(first.node().getValue().get(0).getKeyNode(), true);
    int lineStart = lineStart(keyStart);
    var dashPrefix = text.substring(lineStart, keyStart);
    if (!dashPrefix.matches("\\s*-\\s*")) {
      return false;
    }
    var keyIndent = " ".repeat(dashPrefix.length());
    var itemIndent = keyIndent + "  ";
    if (first.namesNode().getFlowStyle() == FlowStyle.BLOCK && !first.names().isEmpty()) {
      int itemStart = offset(first.names().get(0), true);
      var itemPrefix = text.substring(lineStart(itemStart), itemStart);
      itemIndent = itemPrefix.substring(0, itemPrefix.indexOf('-'));
    }
    var out = new StringBuilder();
    for (var entry : added.entrySet()) {
      out.append(eol).append(dashPrefix).append("action: ").append(entry.getKey().action());
      if (entry.getKey().errnoRet() != null) {
        out.append(eol).append(keyIndent).append("errnoRet: ").append(entry.getKey().errnoRet());
      }
      out.append(eol).append(keyIndent).append("names:");
      for (var name : entry.getValue()) {
        out.append(eol).append(itemIndent).append("- ").append(name);
      }
    }
    var last = rules.get(rules.size() - 1).node();
    insert(lineEnd(lastContentEnd(last)), out.toString());
    return true;
  }

  private void insert(int offset, String inserted) {
    insertions.computeIfAbsent(offset, k -> new StringBuilder()).append(inserted);
  }

  /** Where the last scalar of a block node ends (its end mark may lie past trailing comments). */
  private int lastContentEnd(Node node) {
    if (node instanceof MappingNode mapping && !mapping.getValue().isEmpty()) {
      return lastContentEnd(mapping.getValue().get(mapping.getValue().size() - 1).getValueNode());
    }
    if (node instanceof SequenceNode sequence
        && sequence.getFlowStyle() == FlowStyle.BLOCK
        && !sequence.getValue().isEmpty()) {
      return lastContentEnd(sequence.getValue().get(sequence.getValue().size() - 1));
    }
    return offset(node, false);
  }

  /** Whether the edited text, read as the loader reads it, allows exactly what was asked. */
  private static boolean verify(String edited, int document, SyscallUnion target) {
    try {
      var parsed = YamlDocuments.read(edited.getBytes(StandardCharsets.UTF_8));
      return parsed.documents().stream()
          .filter(d -> d.index() == document)
          .findFirst()
          .map(d -> new SyscallUnion().add(d.tree().path("spec").path("syscalls")).byName())
          .map(target.byName()::equals)
          .orElse(false);
    } catch (YamlFormatException e) {
      return false;
    }
  }

  private int offset(Node node, boolean start) {
    var mark = start ? node.getStartMark() : node.getEndMark();
    return text.offsetByCodePoints(0, mark.orElseThrow().getIndex());
  }

  private int lineStart(int offset) {
    return text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The offset of the line break ending the line {@code offset} is on (or the text's end). */
  private int lineEnd(int offset) {
    int newline = text.indexOf('\n', offset);
    if (newline < 0) {
      return text.length();
    }
    return newline > 0 && text.charAt(newline - 1) == '\r' ? newline - 1 : newline;
  }

  private int nextLineStart(int offset) {
    int newline = text.indexOf('\n', offset);
    return newline < 0 ? text.length() : newline + 1;
  }

  static Node value(MappingNode mapping, String key) {
    for (var tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return tuple.getValueNode();
      }
    }
    return null;
  }

  /** One item of {@code spec.syscalls}. */
  private record Rule(
      MappingNode node,
      SyscallUnion.Verdict verdict,
      boolean conditional,
      SequenceNode namesNode,
      List<ScalarNode> names) {

    static Rule of(Node item) {
      if (!(item instanceof MappingNode mapping)
          || !(value(mapping, "action") instanceof ScalarNode action)
          || !(value(mapping, "names") instanceof SequenceNode names)) {
        return null;
      }
      var scalars = new ArrayList<ScalarNode>();
      for (var name : names.getValue()) {
        if (!(name instanceof ScalarNode scalar)) {
          return null;
        }
        scalars.add(scalar);
      }
      Integer errno = null;
      if (value(mapping, "errnoRet") instanceof ScalarNode e) {
        try {
          errno = Integer.valueOf(e.getValue());
        } catch (NumberFormatException ex) {
          return null;
        }
      }
      var args = value(mapping, "args");
      boolean conditional = args instanceof SequenceNode s && !s.getValue().isEmpty();
      return new Rule(
          mapping, new SyscallUnion.Verdict(action.getValue(), errno), conditional, names, scalars);
    }
  }
}

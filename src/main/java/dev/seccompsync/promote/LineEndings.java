package dev.seccompsync.promote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.attributes.Attributes;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;

/**
 * What the repository's root {@code .gitattributes} says about line endings. A path with {@code
 * text} set or an {@code eol} is stored with LF line endings in the repository (Git converts on
 * checkout), so files written for it are normalized to LF; any other file keeps the line endings it
 * has.
 */
final class LineEndings {

  private final List<AttributesRule> rules;

  LineEndings(byte[] gitattributes) {
    List<AttributesRule> parsed = List.of();
    if (gitattributes != null) {
      var node = new AttributesNode();
      try {
        node.parse(new ByteArrayInputStream(gitattributes));
        parsed = node.getRules();
      } catch (IOException e) {
        parsed = List.of();
      }
    }
    this.rules = parsed;
  }

  /** Whether Git stores the path with LF line endings. */
  boolean normalizesToLf(String path) {
    var attributes = new Attributes();
    // Later lines win, as in Git.
    for (var rule : rules) {
      if (rule.isMatch(path, false)) {
        rule.getAttributes().forEach(attributes::put);
      }
    }
    var text = attributes.get("text");
    var eol = attributes.get("eol");
    boolean textSet =
        text != null && text.getState() == org.eclipse.jgit.attributes.Attribute.State.SET;
    boolean eolGiven = eol != null && eol.getValue() != null;
    boolean textUnset =
        text != null && text.getState() == org.eclipse.jgit.attributes.Attribute.State.UNSET;
    return !textUnset && (textSet || eolGiven);
  }

  /** The text as Git stores it at that path. */
  String normalize(String path, String text) {
    return normalizesToLf(path) ? text.replace("\r\n", "\n") : text;
  }
}

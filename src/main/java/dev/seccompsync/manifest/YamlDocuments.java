package dev.seccompsync.manifest;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Splits a YAML (or JSON) stream into documents and converts each to a JSON tree, with the
 * protections a reader of untrusted files needs: duplicate keys are errors (YAML would silently
 * keep the last one), aliases are bounded, and empty or comment-only documents are dropped.
 *
 * <p>snakeyaml-engine composes the node graph, which keeps each node's line; Jackson's own YAML
 * parser would lose both the duplicate-key check and the marks.
 */
public final class YamlDocuments {

  /** Collections reached through aliases in one stream; beyond this the file is refused. */
  static final int MAX_COLLECTION_ALIASES = 50;

  /** JSON nodes one document may expand to, so that nested aliases cannot exhaust memory. */
  static final int MAX_NODES_PER_DOCUMENT = 1_000_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private YamlDocuments() {}

  /**
   * Reads every non-empty document of a stream. The encoding comes from the byte order mark, UTF-8
   * without one.
   *
   * @throws YamlFormatException when the stream is not well-formed YAML; documents before the
   *     broken one are not returned, since a file is accepted whole or not at all
   */
  public static List<YamlDocument> parse(byte[] content) {
    var settings =
        LoadSettings.builder()
            .setAllowDuplicateKeys(false)
            .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
            .setAllowRecursiveKeys(false)
            .setSchema(new CoreSchema())
            .setCodePointLimit(Integer.MAX_VALUE)
            .build();
    var documents = new ArrayList<YamlDocument>();
    try {
      int index = 0;
      for (Node node : new Compose(settings).composeAllFromInputStream(stream(content))) {
        if (!isEmpty(node)) {
          documents.add(new YamlDocument(index, line(node.getStartMark()), convert(node)));
        }
        index++;
      }
    } catch (MarkedYamlEngineException e) {
      throw new YamlFormatException(line(e.getProblemMark()), describe(e), e);
    } catch (YamlEngineException e) {
      throw new YamlFormatException(0, e.getMessage(), e);
    }
    return documents;
  }

  private static ByteArrayInputStream stream(byte[] content) {
    return new ByteArrayInputStream(content);
  }

  private static boolean isEmpty(Node node) {
    return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
  }

  private static int line(Optional<Mark> mark) {
    return mark.map(m -> m.getLine() + 1).orElse(0);
  }

  private static String describe(MarkedYamlEngineException e) {
    var problem = e.getProblem();
    if (problem != null && problem.startsWith("found duplicate key")) {
      return problem + " (YAML keeps only the last value; remove one of them)";
    }
    var context = e.getContext();
    return context == null ? problem : context + ", " + problem;
  }

  private static JsonNode convert(Node root) {
    return new Converter().convert(root);
  }

  /** Converts one document, counting nodes so that alias expansion stays bounded. */
  private static final class Converter {
    private int nodes;

    JsonNode convert(Node node) {
      if (++nodes > MAX_NODES_PER_DOCUMENT) {
        throw new YamlFormatException(
            line(node.getStartMark()),
            "alias expansion limit exceeded (more than %d values in one document)"
                .formatted(MAX_NODES_PER_DOCUMENT),
            null);
      }
      if (node instanceof MappingNode mapping) {
        return mapping(mapping);
      }
      if (node instanceof SequenceNode sequence) {
        ArrayNode array = NODES.arrayNode();
        sequence.getValue().forEach(item -> array.add(convert(item)));
        return array;
      }
      return scalar((ScalarNode) node);
    }

    private ObjectNode mapping(MappingNode mapping) {
      ObjectNode object = NODES.objectNode();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          throw new YamlFormatException(
              line(tuple.getKeyNode().getStartMark()), "a mapping key must be a scalar", null);
        }
        object.set(key.getValue(), convert(tuple.getValueNode()));
      }
      return object;
    }

    private static JsonNode scalar(ScalarNode scalar) {
      var tag = scalar.getTag();
      var value = scalar.getValue();
      if (tag.equals(Tag.NULL)) {
        return NODES.nullNode();
      }
      if (tag.equals(Tag.BOOL)) {
        return NODES.booleanNode(value.equalsIgnoreCase("true"));
      }
      if (tag.equals(Tag.INT)) {
        return integer(scalar, value);
      }
      if (tag.equals(Tag.FLOAT)) {
        return floating(scalar, value);
      }
      return NODES.stringNode(value);
    }

    private static JsonNode integer(ScalarNode scalar, String value) {
      try {
        String digits = value.startsWith("+") ? value.substring(1) : value;
        BigInteger number;
        if (digits.startsWith("0x")) {
          number = new BigInteger(digits.substring(2), 16);
        } else if (digits.startsWith("0o")) {
          number = new BigInteger(digits.substring(2), 8);
        } else {
          number = new BigInteger(digits);
        }
        return number.bitLength() < 64
            ? NODES.numberNode(number.longValue())
            : NODES.numberNode(number);
      } catch (NumberFormatException e) {
        throw new YamlFormatException(line(scalar.getStartMark()), "bad integer " + value, e);
      }
    }

    private static JsonNode floating(ScalarNode scalar, String value) {
      var lower = value.toLowerCase(java.util.Locale.ROOT);
      if (lower.endsWith(".inf") || lower.equals(".nan")) {
        throw new YamlFormatException(
            line(scalar.getStartMark()), value + " has no JSON form; quote it", null);
      }
      return NODES.numberNode(new java.math.BigDecimal(value));
    }
  }
}

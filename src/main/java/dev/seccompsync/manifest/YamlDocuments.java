package dev.seccompsync.manifest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
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
 * <p>snakeyaml-engine composes the node graph, which keeps each node's line. Its composer does not
 * check duplicate keys (only its constructor does), so the conversion here does.
 */
public final class YamlDocuments {

  /** Collections reached through aliases in one stream; beyond this the file is refused. */
  static final int MAX_COLLECTION_ALIASES = 50;

  /** Collections nested in one another; no Kubernetes object comes close. */
  static final int MAX_DEPTH = 256;

  /** JSON nodes one document may expand to, so that nested aliases cannot exhaust memory. */
  static final int MAX_NODES_PER_DOCUMENT = 1_000_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The words YAML 1.1 (and so kubectl) reads as booleans, where YAML 1.2 reads strings. */
  private static final Pattern YAML11_BOOLEAN =
      Pattern.compile("y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF");

  /** String values up to this length share one node per distinct value. */
  private static final int MAX_SHARED_LENGTH = 64;

  private YamlDocuments() {}

  /**
   * Reads every non-empty document of a stream.
   *
   * @throws YamlFormatException when the stream is not well-formed YAML, or is refused for safety;
   *     documents before the broken one are not returned, since a file is accepted whole or not at
   *     all
   */
  public static List<YamlDocument> parse(byte[] content) {
    return read(content).documents();
  }

  /**
   * A file's non-empty documents and how its encoding was found.
   *
   * @param documents the documents, in file order
   * @param encoding the encoding's name, such as {@code UTF-8}
   * @param encodingDeduced whether the encoding was deduced from NUL bytes, without a byte order
   *     mark to declare it
   */
  public record Parsed(List<YamlDocument> documents, String encoding, boolean encodingDeduced) {}

  /**
   * Reads every non-empty document of a stream. The encoding comes from the byte order mark or, as
   * the YAML specification describes, from the NUL bytes of UTF-16 and UTF-32; UTF-8 otherwise.
   *
   * @throws YamlFormatException as {@link #parse} does
   */
  public static Parsed read(byte[] content) {
    var decoded = YamlText.decode(content);
    var text = decoded.text();
    var documents = new ArrayList<YamlDocument>();
    var strings = new HashMap<String, JsonNode>();
    var tabs = new YamlText.Indentation(text);
    try {
      int index = 0;
      for (Node node : new Compose(settings()).composeAllFromString(text)) {
        if (!isEmpty(node)) {
          var converter = new Converter(strings, tabs);
          var tree = converter.convert(node, Path.ROOT);
          documents.add(
              new YamlDocument(index, line(node.getStartMark()), tree, converter.ambiguities));
        }
        index++;
      }
    } catch (MarkedYamlEngineException e) {
      throw YamlErrors.syntax(e, text);
    } catch (ReaderException e) {
      throw YamlErrors.character(e, text);
    } catch (YamlEngineException e) {
      throw YamlErrors.failure(e, text);
    } catch (StackOverflowError e) {
      // The composer recurses once per nesting level, before the conversion can count levels.
      throw YamlErrors.tooDeep(text);
    }
    return new Parsed(documents, decoded.encoding(), decoded.deduced());
  }

  /** The decoded text of a file, as {@link #read} parses it. */
  static String text(byte[] content) {
    return YamlText.decode(content).text();
  }

  private static LoadSettings settings() {
    return LoadSettings.builder()
        .setAllowDuplicateKeys(false)
        .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
        .setAllowRecursiveKeys(false)
        .setAllowNonScalarKeys(true)
        .setSchema(new CoreSchema())
        .setCodePointLimit(Integer.MAX_VALUE)
        .build();
  }

  private static boolean isEmpty(Node node) {
    return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
  }

  static int line(Optional<Mark> mark) {
    return mark.map(m -> m.getLine() + 1).orElse(0);
  }

  /**
   * Where a node sits in its document, kept as a chain of parents so that the dotted form (such as
   * {@code spec.syscalls[0].names}) is only built for the rare node a problem names.
   */
  private record Path(Path parent, String key, int index) {
    static final Path ROOT = new Path(null, null, -1);

    boolean isRoot() {
      return parent == null;
    }

    Path field(String name) {
      return new Path(this, name, -1);
    }

    Path item(int position) {
      return new Path(this, null, position);
    }

    /**
     * Label and annotation values are strings in every Kubernetes object, a document or an item of
     * a {@code List}.
     */
    boolean takesText() {
      return key != null
          && parent != null
          && ("labels".equals(parent.key) || "annotations".equals(parent.key))
          && parent.parent != null
          && "metadata".equals(parent.parent.key)
          && parent.parent.parent.isObject();
    }

    /** The root, or an item of the root's {@code items}. */
    private boolean isObject() {
      if (isRoot()) {
        return true;
      }
      return key == null && "items".equals(parent.key) && parent.parent.isRoot();
    }

    @Override
    public String toString() {
      if (isRoot()) {
        return "";
      }
      var prefix = parent.toString();
      if (key == null) {
        return prefix + "[" + index + "]";
      }
      return prefix.isEmpty() ? key : prefix + "." + key;
    }
  }

  /** Converts one document, counting nodes so that alias expansion stays bounded. */
  private static final class Converter {
    private final List<YamlDocument.Ambiguity> ambiguities = new ArrayList<>();
    private final Map<String, JsonNode> strings;
    private final YamlText.Indentation tabs;
    private final Set<Node> ancestors = Collections.newSetFromMap(new IdentityHashMap<>());
    private int nodes;

    /**
     * @param strings short string values already converted in this stream; profiles repeat the same
     *     few hundred syscall names thousands of times, and one node per distinct name keeps a
     *     large repository's trees several times smaller
     */
    Converter(Map<String, JsonNode> strings, YamlText.Indentation tabs) {
      this.strings = strings;
      this.tabs = tabs;
    }

    JsonNode convert(Node node, Path path) {
      if (++nodes > MAX_NODES_PER_DOCUMENT) {
        throw new YamlFormatException(
            line(node.getStartMark()),
            "alias/anchor expansion limit exceeded (more than %d values in one document)"
                .formatted(MAX_NODES_PER_DOCUMENT),
            null,
            true);
      }
      if (node instanceof ScalarNode scalar) {
        noteAmbiguity(scalar, path);
        return scalar(scalar);
      }
      enter(node);
      try {
        if (node instanceof MappingNode mapping) {
          return mapping(mapping, path);
        }
        ArrayNode array = NODES.arrayNode();
        var items = ((SequenceNode) node).getValue();
        for (int i = 0; i < items.size(); i++) {
          array.add(convert(items.get(i), path.item(i)));
        }
        return array;
      } finally {
        ancestors.remove(node);
      }
    }

    /** Counts a nesting level, refusing too many and an alias to a collection that holds it. */
    private void enter(Node node) {
      if (ancestors.size() >= MAX_DEPTH) {
        throw new YamlFormatException(
            line(node.getStartMark()),
            "nesting deeper than %d levels".formatted(MAX_DEPTH),
            null,
            true);
      }
      if (!ancestors.add(node)) {
        throw new YamlFormatException(
            line(node.getStartMark()),
            "recursive alias: the anchored collection contains an alias to itself",
            null,
            true);
      }
    }

    private ObjectNode mapping(MappingNode mapping, Path path) {
      ObjectNode object = NODES.objectNode();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
          throw new YamlFormatException(
              line(tuple.getKeyNode().getStartMark()),
              "a mapping key must be a scalar (a string), not a "
                  + (tuple.getKeyNode() instanceof MappingNode ? "mapping" : "sequence"),
              null);
        }
        if (mapping.getFlowStyle() == FlowStyle.BLOCK) {
          tabs.check(keyNode);
        }
        var key = keyNode.getValue();
        if (object.has(key)) {
          throw new YamlFormatException(
              line(keyNode.getStartMark()),
              "found duplicate key %s (YAML keeps only the last value; remove one of them)"
                  .formatted(key),
              null);
        }
        object.set(key, convert(tuple.getValueNode(), path.field(key)));
      }
      return object;
    }

    private void noteAmbiguity(ScalarNode scalar, Path path) {
      var value = scalar.getValue();
      var string = scalar.getTag().equals(Tag.STR);
      if (string
          && scalar.isPlain()
          && value.length() <= 5
          && YAML11_BOOLEAN.matcher(value).matches()) {
        ambiguities.add(
            new YamlDocument.Ambiguity(path.toString(), line(scalar.getStartMark()), value, true));
      } else if (!string && path.takesText()) {
        ambiguities.add(
            new YamlDocument.Ambiguity(path.toString(), line(scalar.getStartMark()), value, false));
      }
    }

    private JsonNode scalar(ScalarNode scalar) {
      var tag = scalar.getTag();
      var value = scalar.getValue();
      if (tag.equals(Tag.NULL)) {
        return NODES.nullNode();
      }
      if (tag.equals(Tag.BOOL)) {
        return bool(scalar, value);
      }
      if (tag.equals(Tag.INT)) {
        return integer(scalar, value);
      }
      if (tag.equals(Tag.FLOAT)) {
        return floating(scalar, value);
      }
      return value.length() <= MAX_SHARED_LENGTH
          ? strings.computeIfAbsent(value, NODES::stringNode)
          : NODES.stringNode(value);
    }

    private static JsonNode bool(ScalarNode scalar, String value) {
      var lower = value.toLowerCase(Locale.ROOT);
      if (!lower.equals("true") && !lower.equals("false")) {
        throw new YamlFormatException(
            line(scalar.getStartMark()),
            "!!bool %s is neither true nor false".formatted(value),
            null);
      }
      return NODES.booleanNode(lower.equals("true"));
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
      var lower = value.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".inf") || lower.equals(".nan")) {
        throw YamlFormatException.explained(
            line(scalar.getStartMark()), value + " has no JSON form; quote it");
      }
      try {
        return NODES.numberNode(new BigDecimal(value));
      } catch (NumberFormatException e) {
        throw new YamlFormatException(line(scalar.getStartMark()), "bad number " + value, e);
      }
    }
  }
}

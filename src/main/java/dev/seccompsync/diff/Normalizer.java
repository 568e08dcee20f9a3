package dev.seccompsync.diff;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings objects into the form the API server stores them in, so that two objects with the same
 * meaning compare equal: fields the schema does not keep are pruned, empty values dropped (for
 * optional fields absent, null, {@code []}, {@code {}} and {@code ""} all mean the same), schema
 * defaults filled in, set-typed lists sorted and de-duplicated, numbers in one form.
 *
 * <p>Only what seccomp-sync compares is kept: name, namespace, labels and annotations of {@code
 * metadata} (less those the operator and kubectl write) and {@code spec}.
 */
public final class Normalizer {

  /** Labels and annotations written by SPO or kubectl onto objects; never drift. */
  static final Set<String> FOREIGN_METADATA_KEYS =
      Set.of(
          "spo.x-k8s.io/profile-id",
          "syscalls",
          "kubectl.kubernetes.io/last-applied-configuration");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> KEPT_METADATA =
      List.of("name", "namespace", "labels", "annotations");

  private Normalizer() {}

  /**
   * The comparable form of a whole object, Git's or the cluster's.
   *
   * @param object the object; not modified
   * @param schema the {@code openAPIV3Schema} of the object's version
   */
  public static ObjectNode normalize(ObjectNode object, Schema schema) {
    var out = NODES.objectNode();
    out.put("apiVersion", object.path("apiVersion").asString());
    out.put("kind", object.path("kind").asString());
    out.set("metadata", metadata(object.path("metadata")));
    for (var field : List.of("spec")) {
      var value = object.get(field);
      if (value != null) {
        var normal = value(value, schema.property(field), true);
        if (normal != null) {
          out.set(field, normal);
        }
      }
    }
    return out;
  }

  /**
   * What seccomp-sync sends for a Git manifest: pruned and without empty values, but without
   * defaults, so that it owns only the fields Git names.
   */
  public static JsonNode cleanForApply(JsonNode spec, Schema specSchema) {
    var cleaned = value(spec, specSchema, false);
    return cleaned == null ? NODES.objectNode() : cleaned;
  }

  private static ObjectNode metadata(JsonNode metadata) {
    var out = NODES.objectNode();
    for (var field : KEPT_METADATA) {
      var value = metadata.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (value.isObject()) {
        var map = stringMap((ObjectNode) value);
        if (!map.isEmpty()) {
          out.set(field, map);
        }
      } else if (!value.asString().isEmpty()) {
        out.set(field, value);
      }
    }
    return out;
  }

  private static ObjectNode stringMap(ObjectNode source) {
    var sorted = new java.util.TreeMap<String, JsonNode>();
    source
        .properties()
        .forEach(
            e -> {
              if (!FOREIGN_METADATA_KEYS.contains(e.getKey())) {
                sorted.put(e.getKey(), e.getValue());
              }
            });
    var out = NODES.objectNode();
    sorted.forEach(out::set);
    return out;
  }

  /** Returns the normal form of a value, or {@code null} when it is empty and so absent. */
  private static JsonNode value(JsonNode value, Schema schema, boolean comparing) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isObject()) {
      return object((ObjectNode) value, schema, comparing);
    }
    if (value.isArray()) {
      return array((ArrayNode) value, schema, comparing);
    }
    if (value.isString() && value.asString().isEmpty()) {
      return null;
    }
    if (value.isNumber()) {
      return number(value);
    }
    return value;
  }

  private static JsonNode object(ObjectNode value, Schema schema, boolean comparing) {
    var fields = new LinkedHashMap<String, JsonNode>();
    value
        .properties()
        .forEach(
            e -> {
              if (schema.keeps(e.getKey())) {
                var normal = value(e.getValue(), schema.property(e.getKey()), comparing);
                if (normal != null) {
                  fields.put(e.getKey(), normal);
                }
              }
            });
    if (comparing) {
      addDefaults(fields, schema);
    }
    if (fields.isEmpty()) {
      return null;
    }
    var out = NODES.objectNode();
    fields.keySet().stream().sorted().forEach(k -> out.set(k, fields.get(k)));
    return out;
  }

  private static void addDefaults(Map<String, JsonNode> fields, Schema schema) {
    for (var name : schema.propertyNames()) {
      var property = schema.property(name);
      var fallback = property.defaultValue();
      if (!fields.containsKey(name) && fallback != null) {
        var normal = value(fallback, property, true);
        if (normal != null) {
          fields.put(name, normal);
        }
      }
    }
  }

  private static JsonNode array(ArrayNode value, Schema schema, boolean comparing) {
    var items = new ArrayList<JsonNode>();
    for (var item : value) {
      var normal = value(item, schema.items(), comparing);
      if (normal != null) {
        items.add(normal);
      }
    }
    if (items.isEmpty()) {
      return null;
    }
    if (!comparing) {
      // What is sent keeps Git's order, so that other tools see what Git says.
      var out = NODES.arrayNode();
      items.forEach(out::add);
      return out;
    }
    switch (schema.listType()) {
      case "set" -> items = new ArrayList<>(items.stream().distinct().sorted(BY_TEXT).toList());
      case "map" -> items.sort(byKeys(schema.listMapKeys()));
      default -> {
        // atomic lists keep their order: for seccomp rules the first match wins
      }
    }
    var out = NODES.arrayNode();
    items.forEach(out::add);
    return out;
  }

  private static final Comparator<JsonNode> BY_TEXT =
      Comparator.comparing(n -> n.isString() ? n.asString() : n.toString());

  private static Comparator<JsonNode> byKeys(List<String> keys) {
    return Comparator.comparing(
        n -> keys.stream().map(k -> n.path(k).toString()).reduce("", (a, b) -> a + "\u0000" + b));
  }

  private static JsonNode number(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return NODES.numberNode(value.asLong());
    }
    var decimal = value.decimalValue().stripTrailingZeros();
    if (decimal.scale() <= 0
        && decimal.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
        && decimal.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
      return NODES.numberNode(decimal.longValueExact());
    }
    return NODES.numberNode(decimal);
  }
}

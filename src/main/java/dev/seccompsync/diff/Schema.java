package dev.seccompsync.diff;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A read-only view of a CRD version's {@code openAPIV3Schema}: the parts that decide how the API
 * server stores an object (defaults, pruning of unknown fields, list types).
 */
public final class Schema {

  /** The schema of a value the CRD says nothing about: kept as it is, never pruned. */
  static final Schema OPEN = new Schema(MissingNode.getInstance());

  private final JsonNode node;

  private Schema(JsonNode node) {
    this.node = node;
  }

  public static Schema of(JsonNode openApiV3Schema) {
    return openApiV3Schema == null ? OPEN : new Schema(openApiV3Schema);
  }

  /** The schema of a field of this object; {@link #OPEN} for a field the schema keeps unknown. */
  Schema property(String name) {
    var property = node.path("properties").get(name);
    if (property != null) {
      return new Schema(property);
    }
    var additional = node.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      return new Schema(additional);
    }
    return OPEN;
  }

  /** Whether the API server keeps a field of this name, or prunes it on write. */
  boolean keeps(String name) {
    if (node.isMissingNode() || preservesUnknownFields()) {
      return true;
    }
    if (node.path("properties").has(name)) {
      return true;
    }
    var additional = node.get("additionalProperties");
    return additional != null && (additional.isObject() || additional.asBoolean(false));
  }

  /** Whether the schema lists the field; for messages about fields the server drops. */
  boolean declares(String name) {
    return node.path("properties").has(name);
  }

  Schema items() {
    var items = node.get("items");
    return items == null ? OPEN : new Schema(items);
  }

  JsonNode defaultValue() {
    return node.get("default");
  }

  List<String> propertyNames() {
    var names = new ArrayList<String>();
    node.path("properties").propertyNames().forEach(names::add);
    return names;
  }

  /** {@code set}, {@code map} or {@code atomic}; lists without a marker are atomic. */
  String listType() {
    return node.path("x-kubernetes-list-type").asString("atomic");
  }

  List<String> listMapKeys() {
    var keys = new ArrayList<String>();
    node.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asString()));
    return keys;
  }

  private boolean preservesUnknownFields() {
    return node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }
}

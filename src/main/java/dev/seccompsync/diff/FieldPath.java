package dev.seccompsync.diff;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One path of a {@code managedFields} field set (FieldsV1), as a list of elements: {@code
 * f:<field>}, {@code v:<json value>} for a member of a set, {@code k:<json keys>} for an item of a
 * map list, {@code i:<index>} for a position. See
 * https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management.
 */
record FieldPath(List<String> elements) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The leaf paths of a FieldsV1 tree: the fields it owns. */
  static List<FieldPath> leavesOf(JsonNode fieldsV1) {
    var leaves = new ArrayList<FieldPath>();
    collect(fieldsV1, new ArrayList<>(), leaves);
    return leaves;
  }

  private static void collect(JsonNode node, List<String> path, List<FieldPath> out) {
    var children = new ArrayList<String>();
    node.propertyNames()
        .forEach(
            n -> {
              if (!n.equals(".")) {
                children.add(n);
              }
            });
    if ((children.isEmpty() || node.has(".")) && !path.isEmpty()) {
      out.add(new FieldPath(List.copyOf(path)));
    }
    for (var child : children) {
      path.add(child);
      collect(node.get(child), path, out);
      path.remove(path.size() - 1);
    }
  }

  /**
   * Whether this is a label or annotation that Git does not name: those stay with the kubectl
   * manager that set them (a {@code kubectl label} or {@code kubectl annotate} is not undone),
   * except kubectl's last-applied-configuration, which a take-over removes.
   */
  boolean isMetadataOutside(JsonNode applyConfiguration) {
    if (elements.size() != 3 || !elements.get(0).equals("f:metadata")) {
      return false;
    }
    var map = elements.get(1);
    if (!map.equals("f:labels") && !map.equals("f:annotations")) {
      return false;
    }
    var key = elements.get(2).substring(2);
    if (key.equals("kubectl.kubernetes.io/last-applied-configuration")) {
      return false;
    }
    return !applyConfiguration.path("metadata").path(map.substring(2)).has(key);
  }

  /** Whether the object has a value at this path. */
  boolean existsIn(JsonNode object) {
    JsonNode node = object;
    for (var element : elements) {
      node = step(node, element);
      if (node == null) {
        return false;
      }
    }
    return true;
  }

  /** Removes the value at this path from the object, if there is one. */
  void removeFrom(JsonNode object) {
    JsonNode parent = object;
    for (int i = 0; i < elements.size() - 1; i++) {
      parent = step(parent, elements.get(i));
      if (parent == null) {
        return;
      }
    }
    var last = elements.get(elements.size() - 1);
    if (last.startsWith("f:") && parent instanceof ObjectNode object1) {
      object1.remove(last.substring(2));
    } else if (parent instanceof ArrayNode array) {
      var index = indexOf(array, last);
      if (index >= 0) {
        array.remove(index);
      }
    }
  }

  /** The path in the form people know from conflict messages, such as {@code .spec.flags}. */
  @Override
  public String toString() {
    var text = new StringBuilder();
    for (var element : elements) {
      if (element.startsWith("f:")) {
        text.append('.').append(element.substring(2));
      } else {
        text.append('[').append(element.substring(2)).append(']');
      }
    }
    return text.toString();
  }

  private static JsonNode step(JsonNode node, String element) {
    if (element.startsWith("f:")) {
      return node.isObject() ? node.get(element.substring(2)) : null;
    }
    if (!node.isArray()) {
      return null;
    }
    var index = indexOf((ArrayNode) node, element);
    return index < 0 ? null : node.get(index);
  }

  private static int indexOf(ArrayNode array, String element) {
    var kind = element.substring(0, 2);
    var payload = element.substring(2);
    if (kind.equals("i:")) {
      var index = Integer.parseInt(payload);
      return index < array.size() ? index : -1;
    }
    var wanted = JSON.readTree(payload);
    for (int i = 0; i < array.size(); i++) {
      if (kind.equals("v:")
          ? matchesValue(array.get(i), wanted)
          : matchesKeys(array.get(i), wanted)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matchesValue(JsonNode item, JsonNode wanted) {
    return item.equals(wanted)
        || (item.isNumber()
            && wanted.isNumber()
            && item.decimalValue().compareTo(wanted.decimalValue()) == 0);
  }

  private static boolean matchesKeys(JsonNode item, JsonNode keys) {
    for (var key : keys.properties()) {
      if (!matchesValue(item.path(key.getKey()), key.getValue())) {
        return false;
      }
    }
    return true;
  }
}

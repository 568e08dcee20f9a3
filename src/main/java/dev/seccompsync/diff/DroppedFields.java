package dev.seccompsync.diff;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Finds the fields of a manifest that its schema does not keep, by dotted path. */
final class DroppedFields {
  private DroppedFields() {}

  /** Adds the paths below {@code path} that {@code schema} prunes, such as {@code spec.x[0].y}. */
  static void collect(JsonNode value, Schema schema, String path, List<String> out) {
    if (value.isObject()) {
      for (var entry : value.properties()) {
        var child = path + "." + entry.getKey();
        if (!schema.keeps(entry.getKey())) {
          out.add(child);
        } else {
          collect(entry.getValue(), schema.property(entry.getKey()), child, out);
        }
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        collect(value.get(i), schema.items(), path + "[" + i + "]", out);
      }
    }
  }

  /** The value at a path {@link #collect} produced. */
  static JsonNode valueAt(JsonNode root, String path) {
    JsonNode node = root;
    for (var part : path.split("\\.")) {
      var name = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
      node = node.path(name);
      var rest = part.substring(name.length());
      while (rest.startsWith("[")) {
        var end = rest.indexOf(']');
        node = node.path(Integer.parseInt(rest.substring(1, end)));
        rest = rest.substring(end + 1);
      }
    }
    return node;
  }

  /** Absent, null, {@code ""}, {@code []} and {@code {}} are empty. */
  static boolean isEmpty(JsonNode value) {
    return value == null
        || value.isMissingNode()
        || value.isNull()
        || (value.isString() && value.asString().isEmpty())
        || (value.isContainer() && value.isEmpty());
  }
}

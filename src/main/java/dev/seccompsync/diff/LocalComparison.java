package dev.seccompsync.diff;

import java.util.HashSet;
import tools.jackson.databind.JsonNode;

/**
 * Decides without asking the server whether applying Git's object could change the live one. It
 * errs towards "could": such objects are then confirmed with a server-side dry run. An object it
 * calls unchanged is certainly unchanged, which is what lets a no-op run send no request beyond its
 * LISTs.
 */
final class LocalComparison {
  private LocalComparison() {}

  /**
   * @param desired Git's object, normalized with defaults
   * @param live the live object, normalized with defaults
   * @param applyConfiguration what apply would send, not normalized
   * @param fields the live object's ownership data
   * @param schema the schema of the manifest's version
   */
  static boolean mayChange(
      JsonNode desired,
      JsonNode live,
      JsonNode applyConfiguration,
      ManagedFields fields,
      Schema schema) {
    if (!contains(live, desired, schema, true)) {
      return true;
    }
    for (var path : fields.ownedByUs()) {
      if (!path.existsIn(applyConfiguration)) {
        return true;
      }
    }
    for (var path : fields.ownedByTakeOverManagers()) {
      if (!path.existsIn(applyConfiguration)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every value {@code desired} names is in {@code live} with the same value. */
  private static boolean contains(JsonNode live, JsonNode desired, Schema schema, boolean root) {
    if (live == null) {
      return false;
    }
    if (desired.isObject()) {
      if (!live.isObject()) {
        return false;
      }
      for (var entry : desired.properties()) {
        var field = entry.getKey();
        var childSchema = root && field.equals("metadata") ? Schema.OPEN : schema.property(field);
        if (!contains(live.get(field), entry.getValue(), childSchema, false)) {
          return false;
        }
      }
      return true;
    }
    if (desired.isArray()) {
      return live.isArray() && containsList(live, desired, schema);
    }
    return desired.equals(live);
  }

  private static boolean containsList(JsonNode live, JsonNode desired, Schema schema) {
    if (schema.listType().equals("set")) {
      var present = new HashSet<JsonNode>();
      live.forEach(present::add);
      for (var item : desired) {
        if (!present.contains(item)) {
          return false;
        }
      }
      return true;
    }
    // Atomic lists are replaced whole by an apply; map lists are compared whole as well, which
    // can only send more objects to the dry run, never fewer.
    return desired.equals(live);
  }
}

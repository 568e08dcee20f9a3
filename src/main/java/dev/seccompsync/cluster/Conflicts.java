package dev.seccompsync.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Words for field-manager conflicts: each manager and the fields it holds. */
public final class Conflicts {
  private Conflicts() {}

  /** For example {@code "other-tool" on .spec.defaultAction, .spec.flags}. */
  public static String describe(List<FieldConflict> conflicts) {
    var byManager = new TreeMap<String, List<String>>();
    conflicts.forEach(
        c -> byManager.computeIfAbsent(c.manager(), m -> new ArrayList<>()).add(c.field()));
    var parts = new ArrayList<String>();
    byManager.forEach(
        (manager, fields) ->
            parts.add("\"%s\" on %s".formatted(manager, String.join(", ", fields))));
    return String.join("; ", parts);
  }
}

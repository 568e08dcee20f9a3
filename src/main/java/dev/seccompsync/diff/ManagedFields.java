package dev.seccompsync.diff;

import dev.seccompsync.cluster.ServerApply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the ownership data in {@code metadata.managedFields}: which field manager owns which fields
 * of a live object. This is what lets a local comparison predict server-side apply: a field
 * seccomp-sync owns and Git no longer names is removed by the next apply; a field another manager
 * owns is not ours to diff.
 */
public final class ManagedFields {

  /**
   * Managers whose fields seccomp-sync takes over: kubectl's client-side apply and its imperative
   * commands, as people use them by hand. Their fields then follow Git, so that a field removed
   * from Git really goes. Other controllers' fields are never taken.
   */
  public static final Set<String> TAKE_OVER_MANAGERS =
      Set.of(
          "kubectl",
          "kubectl-client-side-apply",
          "kubectl-create",
          "kubectl-edit",
          "kubectl-patch",
          "kubectl-label",
          "kubectl-annotate",
          "kubectl-replace",
          "kubectl-set",
          "before-first-apply");

  private final List<ObjectNode> entries;

  private ManagedFields(List<ObjectNode> entries) {
    this.entries = entries;
  }

  public static ManagedFields of(JsonNode liveObject) {
    var entries = new ArrayList<ObjectNode>();
    liveObject
        .path("metadata")
        .path("managedFields")
        .forEach(
            e -> {
              if (e.isObject() && e.path("subresource").asString("").isEmpty()) {
                entries.add((ObjectNode) e);
              }
            });
    return new ManagedFields(entries);
  }

  /** Paths owned by seccomp-sync's own apply entry. */
  List<FieldPath> ownedByUs() {
    return paths(ManagedFields::isOurs);
  }

  /** Paths owned by kubectl-style managers that apply takes over. */
  List<FieldPath> ownedByTakeOverManagers() {
    return paths(ManagedFields::isTakeOver);
  }

  /**
   * Labels and annotations set by imperative kubectl commands ({@code kubectl label}, {@code
   * annotate}, {@code edit}, {@code patch}) that no declarative kubectl manager owns too: a
   * take-over leaves those with their manager, where a client-side apply's are taken over.
   */
  List<FieldPath> metadataOfImperativeKubectl() {
    var declarative = paths(e -> isTakeOver(e) && !isImperative(e));
    return paths(e -> isTakeOver(e) && isImperative(e)).stream()
        .filter(p -> !declarative.contains(p))
        .toList();
  }

  /** Paths owned by any manager that is neither seccomp-sync nor taken over. */
  List<FieldPath> ownedByOthers() {
    return paths(e -> !isOurs(e) && !isTakeOver(e));
  }

  /** The names of the taken-over managers that own fields here. */
  public List<String> takeOverManagers() {
    return entries.stream()
        .filter(ManagedFields::isTakeOver)
        .map(e -> e.path("manager").asString())
        .distinct()
        .toList();
  }

  /**
   * The managedFields list with the taken-over managers' fields merged into seccomp-sync's apply
   * entry and their own entries gone; sent as a JSON patch before the apply.
   *
   * @param apiVersion the version seccomp-sync applies at
   */
  public ArrayNode withTakeOver(
      String apiVersion, JsonNode liveObject, JsonNode applyConfiguration) {
    var merged = JsonNodeFactory.instance.objectNode();
    var out = JsonNodeFactory.instance.arrayNode();
    ObjectNode ours = null;
    for (var entry : liveObject.path("metadata").path("managedFields")) {
      if (entry.isObject()
          && isTakeOver((ObjectNode) entry)
          && entry.path("subresource").isMissingNode()) {
        var fields = entry.path("fieldsV1").deepCopy();
        var kept =
            isImperative((ObjectNode) entry)
                ? keepMetadataOutside(fields, applyConfiguration)
                : null;
        deepMerge(merged, fields);
        if (kept != null) {
          var remaining = ((ObjectNode) entry).deepCopy();
          remaining.set("fieldsV1", kept);
          out.add(remaining);
        }
      } else if (entry.isObject() && isOurs((ObjectNode) entry) && ours == null) {
        ours = ((ObjectNode) entry).deepCopy();
        out.add(ours);
      } else {
        out.add(entry);
      }
    }
    if (ours == null) {
      ours = JsonNodeFactory.instance.objectNode();
      ours.put("manager", ServerApply.FIELD_MANAGER);
      ours.put("operation", "Apply");
      ours.put("apiVersion", apiVersion);
      ours.put("fieldsType", "FieldsV1");
      ours.set("fieldsV1", JsonNodeFactory.instance.objectNode());
      out.add(ours);
    }
    var fields =
        ours.get("fieldsV1") instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    deepMerge(fields, merged);
    ours.set("fieldsV1", fields);
    return out;
  }

  /**
   * Takes the labels and annotations Git does not name out of a kubectl manager's fields, so that
   * they stay that manager's; returns them as a FieldsV1 tree, or {@code null} when there are none.
   */
  private static ObjectNode keepMetadataOutside(JsonNode fields, JsonNode applyConfiguration) {
    if (!(fields.path("f:metadata") instanceof ObjectNode metadata)) {
      return null;
    }
    var keptMetadata = JsonNodeFactory.instance.objectNode();
    for (var map : List.of("labels", "annotations")) {
      if (!(metadata.get("f:" + map) instanceof ObjectNode entries)) {
        continue;
      }
      var keptEntries = JsonNodeFactory.instance.objectNode();
      for (var name : new ArrayList<>(entries.propertyNames())) {
        if (name.equals(".")) {
          continue;
        }
        var path = new FieldPath(List.of("f:metadata", "f:" + map, name));
        if (path.isMetadataOutside(applyConfiguration)) {
          keptEntries.set(name, entries.remove(name));
        }
      }
      if (!keptEntries.isEmpty()) {
        keptMetadata.set("f:" + map, keptEntries);
      }
    }
    if (keptMetadata.isEmpty()) {
      return null;
    }
    var kept = JsonNodeFactory.instance.objectNode();
    kept.set("f:metadata", keptMetadata);
    return kept;
  }

  private List<FieldPath> paths(Predicate<ObjectNode> manager) {
    var paths = new ArrayList<FieldPath>();
    entries.stream()
        .filter(manager)
        .forEach(e -> paths.addAll(FieldPath.leavesOf(e.path("fieldsV1"))));
    return paths;
  }

  private static boolean isOurs(ObjectNode entry) {
    return entry.path("manager").asString().equals(ServerApply.FIELD_MANAGER)
        && entry.path("operation").asString().equals("Apply");
  }

  /** kubectl managers that record a command, not a manifest. */
  private static boolean isImperative(ObjectNode entry) {
    var manager = entry.path("manager").asString();
    return !manager.equals("kubectl-client-side-apply")
        && !manager.equals("kubectl")
        && !manager.equals("before-first-apply");
  }

  private static boolean isTakeOver(ObjectNode entry) {
    return TAKE_OVER_MANAGERS.contains(entry.path("manager").asString())
        && entry.path("operation").asString().equals("Update");
  }

  private static void deepMerge(ObjectNode target, JsonNode source) {
    source
        .properties()
        .forEach(
            e -> {
              var existing = target.get(e.getKey());
              if (existing instanceof ObjectNode existingObject && e.getValue().isObject()) {
                deepMerge(existingObject, e.getValue());
              } else if (existing == null) {
                target.set(e.getKey(), e.getValue().deepCopy());
              }
            });
  }
}

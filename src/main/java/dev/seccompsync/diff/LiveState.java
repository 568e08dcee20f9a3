package dev.seccompsync.diff;

import dev.seccompsync.cluster.KindInfo;
import dev.seccompsync.cluster.LiveReader;
import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.SpoKind;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cluster's objects of the SPO kinds, read once per kind and version with paged LISTs. A Git
 * manifest is compared with the live object read at the manifest's own version, so that an older
 * version in Git is not mistaken for drift.
 */
public final class LiveState {

  private final Map<SpoKind, Map<String, Map<ObjectId, ObjectNode>>> byKindAndVersion;
  private final SpoCatalog catalog;

  private LiveState(
      SpoCatalog catalog, Map<SpoKind, Map<String, Map<ObjectId, ObjectNode>>> objects) {
    this.catalog = catalog;
    this.byKindAndVersion = objects;
  }

  /**
   * Lists every served kind at its storage version and at each other version Git uses.
   *
   * @param versionsInUse the versions Git's manifests use, by kind
   */
  public static LiveState read(
      LiveReader reader, SpoCatalog catalog, Map<SpoKind, Set<String>> versionsInUse) {
    return read(reader, catalog, versionsInUse, false, new java.util.ArrayList<>());
  }

  /**
   * Lists the kinds Git uses (a refused LIST is an error) and, with {@code everyKind}, the other
   * served kinds too, for findings about objects that are not in Git; a LIST of those that the
   * identity may not make becomes a warning in {@code problems}, not an error.
   */
  public static LiveState read(
      LiveReader reader,
      SpoCatalog catalog,
      Map<SpoKind, Set<String>> versionsInUse,
      boolean everyKind,
      java.util.List<dev.seccompsync.manifest.Problem> problems) {
    var objects = new LinkedHashMap<SpoKind, Map<String, Map<ObjectId, ObjectNode>>>();
    for (KindInfo info : catalog.kinds().values()) {
      var used = versionsInUse.containsKey(info.kind());
      if (!used && !everyKind) {
        continue;
      }
      try {
        objects.put(info.kind(), listVersions(reader, info, versionsInUse));
      } catch (dev.seccompsync.cluster.AccessDeniedException e) {
        if (used) {
          throw e;
        }
        problems.add(
            dev.seccompsync.manifest.Problem.warning(
                dev.seccompsync.manifest.Origin.file("(cluster)"),
                e.getMessage() + "; until then its objects outside Git are not reported"));
      }
    }
    return new LiveState(catalog, objects);
  }

  private static Map<String, Map<ObjectId, ObjectNode>> listVersions(
      LiveReader reader, KindInfo info, Map<SpoKind, Set<String>> versionsInUse) {
    var versions = new TreeSet<String>(versionsInUse.getOrDefault(info.kind(), Set.of()));
    versions.add(info.storageVersion());
    var byVersion = new HashMap<String, Map<ObjectId, ObjectNode>>();
    for (var version : versions) {
      if (info.serves(version)) {
        byVersion.put(version, index(info, reader.list(info, version)));
      }
    }
    return byVersion;
  }

  /** Builds a state from objects already in memory; for tests and watch caches. */
  public static LiveState of(
      SpoCatalog catalog, Map<SpoKind, Map<String, Map<ObjectId, ObjectNode>>> objects) {
    return new LiveState(catalog, objects);
  }

  private static Map<ObjectId, ObjectNode> index(KindInfo info, Iterable<ObjectNode> objects) {
    var map = new LinkedHashMap<ObjectId, ObjectNode>();
    for (var object : objects) {
      map.put(idOf(info, object), object);
    }
    return map;
  }

  /** An object's identity in a kind's scope on this cluster. */
  public static ObjectId idOf(KindInfo info, JsonNode object) {
    var metadata = object.path("metadata");
    var namespace = info.namespaced() ? metadata.path("namespace").asString() : null;
    return new ObjectId(info.kind(), namespace, metadata.path("name").asString());
  }

  /** The live object as the given version presents it, or {@code null} when there is none. */
  public ObjectNode get(ObjectId id, String version) {
    return byKindAndVersion
        .getOrDefault(id.kind(), Map.of())
        .getOrDefault(version, Map.of())
        .get(id);
  }

  /** Every live object of a kind, at the storage version. */
  public Collection<ObjectNode> all(SpoKind kind) {
    var info = catalog.find(kind).orElse(null);
    if (info == null) {
      return java.util.List.of();
    }
    return byKindAndVersion
        .getOrDefault(kind, Map.of())
        .getOrDefault(info.storageVersion(), Map.of())
        .values();
  }

  /** Whether an object of this identity exists, at any version. */
  public boolean exists(ObjectId id) {
    return byKindAndVersion.getOrDefault(id.kind(), Map.of()).values().stream()
        .anyMatch(m -> m.containsKey(id));
  }

  public SpoCatalog catalog() {
    return catalog;
  }
}

package dev.seccompsync.diff;

import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.Problem;
import dev.seccompsync.manifest.SpoKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Places Git's manifests on one cluster: identities in the cluster's scope, apply configurations at
 * the manifest's own version, and the problems that make a manifest unusable there (a kind or
 * version the cluster does not serve, a namespace on a cluster-scoped kind, an object defined
 * twice, a field the server would drop silently).
 */
public final class DesiredState {

  private final List<DesiredObject> objects;
  private final List<Problem> problems;

  private DesiredState(List<DesiredObject> objects, List<Problem> problems) {
    this.objects = objects;
    this.problems = problems;
  }

  public List<DesiredObject> objects() {
    return objects;
  }

  public List<Problem> problems() {
    return problems;
  }

  /** The versions Git's objects use, by kind: what the live objects are read at. */
  public Map<SpoKind, Set<String>> versionsInUse() {
    var versions = new java.util.EnumMap<SpoKind, Set<String>>(SpoKind.class);
    objects.forEach(
        o ->
            versions
                .computeIfAbsent(o.id().kind(), k -> new java.util.TreeSet<>())
                .add(o.manifest().version()));
    return versions;
  }

  /**
   * Resolves manifests against a catalog.
   *
   * @param defaultNamespace the namespace for namespaced objects that name none
   */
  public static DesiredState resolve(
      List<Manifest> manifests, SpoCatalog catalog, String defaultNamespace) {
    var problems = new ArrayList<Problem>();
    var byId = new LinkedHashMap<ObjectId, DesiredObject>();
    var duplicates = new ArrayList<ObjectId>();
    for (var manifest : manifests) {
      var object = place(manifest, catalog, defaultNamespace, problems);
      if (object == null) {
        continue;
      }
      var earlier = byId.putIfAbsent(object.id(), object);
      if (earlier != null) {
        problems.add(
            Problem.error(
                manifest.origin(),
                "%s is also defined at %s; keep one definition, neither is applied"
                    .formatted(object.id(), earlier.manifest().origin())));
        duplicates.add(object.id());
      }
    }
    duplicates.forEach(byId::remove);
    return new DesiredState(List.copyOf(byId.values()), problems);
  }

  private static DesiredObject place(
      Manifest manifest, SpoCatalog catalog, String defaultNamespace, List<Problem> problems) {
    var info = catalog.find(manifest.kind()).orElse(null);
    var origin = manifest.origin();
    if (info == null) {
      problems.add(
          Problem.error(
              origin,
              "%s/%s: the cluster does not serve kind %s; install the SPO release that has it"
                  .formatted(manifest.kind(), manifest.name(), manifest.kind())));
      return null;
    }
    if (!info.serves(manifest.version())) {
      problems.add(
          Problem.error(
              origin,
              "%s/%s: apiVersion %s is not served by the cluster (served: %s); change apiVersion"
                  .formatted(
                      manifest.kind(),
                      manifest.name(),
                      manifest.apiVersion(),
                      String.join(", ", info.servedVersions()))));
      return null;
    }
    if (!info.namespaced() && manifest.namespace() != null) {
      problems.add(
          Problem.error(
              origin,
              ("%s/%s has namespace %s, but %s is cluster-scoped on this cluster (SPO 0.9.0 and"
                   + " later); remove metadata.namespace and keep names unique cluster-wide, or run"
                   + " seccomp-sync migrate --to %s")
                  .formatted(
                      manifest.kind(),
                      manifest.name(),
                      manifest.namespace(),
                      manifest.kind(),
                      catalog.generation())));
      return null;
    }
    var schema = Schema.of(info.schemas().get(manifest.version()));
    if (!checkDisableField(manifest, catalog, schema, problems)) {
      return null;
    }
    var namespace = info.namespaced() ? orDefault(manifest.namespace(), defaultNamespace) : null;
    var id = new ObjectId(manifest.kind(), namespace, manifest.name());
    if (!checkDroppedFields(manifest, schema, id, problems)) {
      return null;
    }
    return new DesiredObject(
        id, manifest, info, applyConfiguration(manifest, namespace, schema), schema);
  }

  /**
   * SPO 1.0.0 replaced {@code spec.disabled} with {@code spec.state} in every served version; the
   * server drops the old field without a word and the profile ends up enabled.
   */
  private static boolean checkDisableField(
      Manifest manifest, SpoCatalog catalog, Schema schema, List<Problem> problems) {
    var spec = manifest.body().path("spec");
    if (spec.has("disabled") && !schema.property("spec").declares("disabled")) {
      var hint =
          catalog.generation() == SpoGeneration.C
              ? ("write spec.state: %s instead (SPO 1.0 replaced disabled with state), or run"
                      + " seccomp-sync migrate --to C")
                  .formatted(spec.path("disabled").asBoolean(false) ? "Disabled" : "Enabled")
              : "remove it";
      problems.add(
          Problem.error(
              manifest.origin(),
              "%s/%s: spec.disabled is not served by this cluster and would be dropped; %s"
                  .formatted(manifest.kind(), manifest.name(), hint)));
      return false;
    }
    return true;
  }

  /**
   * Fields the schema does not declare are dropped by the server without a word. Empty ones are
   * harmless leftovers (a warning); a non-empty Docker condition ({@code includes}, {@code
   * excludes}) is an error, since dropping it widens the rule to every container.
   */
  private static boolean checkDroppedFields(
      Manifest manifest, Schema schema, ObjectId id, List<Problem> problems) {
    var dropped = new ArrayList<String>();
    DroppedFields.collect(manifest.body().path("spec"), schema.property("spec"), "spec", dropped);
    boolean ok = true;
    for (var path : dropped) {
      var field = path.substring(path.lastIndexOf('.') + 1);
      var value = DroppedFields.valueAt(manifest.body(), path);
      if ((field.equals("includes") || field.equals("excludes")) && !DroppedFields.isEmpty(value)) {
        problems.add(
            Problem.error(
                manifest.origin(),
                ("%s: %s is not in the %s schema; the server would drop the condition and the rule"
                        + " would apply to every container; split the rule or remove it")
                    .formatted(id, path, manifest.apiVersion())));
        ok = false;
      } else {
        problems.add(
            Problem.warning(
                manifest.origin(),
                "%s: %s is not in the %s schema and the server drops it; remove it"
                    .formatted(id, path, manifest.apiVersion())));
      }
    }
    return ok;
  }

  private static ObjectNode applyConfiguration(Manifest manifest, String namespace, Schema schema) {
    var nodes = JsonNodeFactory.instance;
    var body = manifest.body();
    var object = nodes.objectNode();
    object.put("apiVersion", manifest.apiVersion());
    object.put("kind", manifest.kind().kind());
    var metadata = object.putObject("metadata");
    metadata.put("name", manifest.name());
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    var labels = copyMap(body.path("metadata").path("labels"));
    labels.put(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY_VALUE);
    metadata.set("labels", labels);
    var annotations = copyMap(body.path("metadata").path("annotations"));
    annotations.put(Ownership.SOURCE_ANNOTATION, manifest.origin().path());
    metadata.set("annotations", annotations);
    if (body.has("spec")) {
      object.set("spec", Normalizer.cleanForApply(body.get("spec"), schema.property("spec")));
    }
    return object;
  }

  private static ObjectNode copyMap(tools.jackson.databind.JsonNode source) {
    var copy = JsonNodeFactory.instance.objectNode();
    if (source.isObject()) {
      source.properties().forEach(e -> copy.set(e.getKey(), e.getValue()));
    }
    return copy;
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  /**
   * The same objects, each labelled as a member of an inventory.
   *
   * @param membership the inventory id for an object, or {@code null} to leave it unlabelled
   */
  public DesiredState withMembership(java.util.function.Function<ObjectId, String> membership) {
    var labelled = new ArrayList<DesiredObject>(objects.size());
    for (var object : objects) {
      var id = membership.apply(object.id());
      if (id == null) {
        labelled.add(object);
        continue;
      }
      var configuration = object.applyConfiguration().deepCopy();
      var metadata = (ObjectNode) configuration.get("metadata");
      var labels = metadata.has("labels") ? (ObjectNode) metadata.get("labels") : null;
      if (labels == null) {
        labels = metadata.putObject("labels");
      }
      labels.put(Ownership.PART_OF_LABEL, id);
      labelled.add(
          new DesiredObject(
              object.id(), object.manifest(), object.info(), configuration, object.schema()));
    }
    return new DesiredState(List.copyOf(labelled), problems);
  }

  /** The objects by identity; for lookups across kinds, such as a binding's profile. */
  public Map<ObjectId, DesiredObject> byId() {
    var map = new LinkedHashMap<ObjectId, DesiredObject>();
    objects.forEach(o -> map.put(o.id(), o));
    return map;
  }
}

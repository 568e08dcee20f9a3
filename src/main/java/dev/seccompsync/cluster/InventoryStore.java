package dev.seccompsync.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads and writes the inventory's parent ConfigMap, following the ApplySet conventions so that
 * {@code kubectl} recognises it: the {@code applyset.kubernetes.io/id} label, and the tooling,
 * contains-group-kinds and additional-namespaces annotations. seccomp-sync's record of the last
 * apply is in the ConfigMap's data.
 */
public final class InventoryStore {

  public static final String ID_LABEL = "applyset.kubernetes.io/id";
  public static final String TOOLING_ANNOTATION = "applyset.kubernetes.io/tooling";
  public static final String GROUP_KINDS_ANNOTATION = "applyset.kubernetes.io/contains-group-kinds";
  public static final String NAMESPACES_ANNOTATION = "applyset.kubernetes.io/additional-namespaces";

  private final KubernetesClient client;
  private final String tooling;

  /**
   * @param tooling {@code name/version} of the tool, as the tooling annotation records it
   */
  public InventoryStore(KubernetesClient client, String tooling) {
    this.client = client;
    this.tooling = tooling;
  }

  /**
   * The inventory, or an empty one when its ConfigMap does not exist yet.
   *
   * @throws ClusterException when it cannot be read, or belongs to another tool
   */
  public Inventory read(InventoryRef ref) {
    ConfigMap map;
    try {
      map = client.configMaps().inNamespace(ref.namespace()).withName(ref.name()).get();
    } catch (KubernetesClientException e) {
      throw failure(ref, "read", e);
    }
    if (map == null) {
      return Inventory.empty(ref);
    }
    var annotations = orEmpty(map.getMetadata().getAnnotations());
    var owner = annotations.get(TOOLING_ANNOTATION);
    var labels = orEmpty(map.getMetadata().getLabels());
    if (owner == null || !owner.startsWith(toolName() + "/")) {
      throw new ClusterException(
          ("inventory configmap %s exists and is not seccomp-sync's (tooling: %s); pass"
                  + " --inventory NAMESPACE/NAME to use another")
              .formatted(ref, owner == null ? "none" : owner));
    }
    if (!ref.applySetId().equals(labels.get(ID_LABEL))) {
      throw new ClusterException(
          "inventory configmap %s has label %s=%s, expected %s; fix or delete the label"
              .formatted(ref, ID_LABEL, labels.get(ID_LABEL), ref.applySetId()));
    }
    var data = orEmpty(map.getData());
    var counts = new TreeMap<String, Integer>();
    data.forEach(
        (key, value) -> {
          if (key.startsWith("count.")) {
            counts.put(key.substring("count.".length()), parseCount(value));
          }
        });
    return new Inventory(
        ref,
        split(annotations.get(GROUP_KINDS_ANNOTATION)),
        split(annotations.get(NAMESPACES_ANNOTATION)),
        data.get("revision"),
        data.containsKey("appliedAt") ? Instant.parse(data.get("appliedAt")) : null,
        data.get("source"),
        counts);
  }

  /**
   * Writes the inventory with server-side apply under seccomp-sync's field manager.
   *
   * @throws ClusterException when the server refuses it, with what to do
   */
  public void write(Inventory inventory) {
    var ref = inventory.ref();
    var annotations = new LinkedHashMap<String, String>();
    annotations.put(TOOLING_ANNOTATION, tooling);
    annotations.put(GROUP_KINDS_ANNOTATION, String.join(",", inventory.groupKinds()));
    var others = new TreeSet<>(inventory.namespaces());
    others.remove(ref.namespace());
    if (!others.isEmpty()) {
      annotations.put(NAMESPACES_ANNOTATION, String.join(",", others));
    }
    var data = new LinkedHashMap<String, String>();
    if (inventory.revision() != null) {
      data.put("revision", inventory.revision());
    }
    if (inventory.appliedAt() != null) {
      data.put("appliedAt", inventory.appliedAt().toString());
    }
    if (inventory.source() != null) {
      data.put("source", inventory.source());
    }
    inventory.counts().forEach((action, count) -> data.put("count." + action, count.toString()));
    var map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(ref.name())
            .withNamespace(ref.namespace())
            .withLabels(Map.of(ID_LABEL, ref.applySetId()))
            .withAnnotations(annotations)
            .endMetadata()
            .withData(data)
            .build();
    try {
      client
          .configMaps()
          .inNamespace(ref.namespace())
          .resource(map)
          .fieldManager(ServerApply.FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
    } catch (KubernetesClientException e) {
      throw failure(ref, "write", e);
    }
  }

  /** {@code seccomp-sync/<version>}, from the jar's manifest. */
  public static String defaultTooling() {
    var version = InventoryStore.class.getPackage().getImplementationVersion();
    return "seccomp-sync/" + (version == null ? "dev" : version);
  }

  /** Reads and writes with the tooling annotation {@link #defaultTooling()}. */
  public InventoryStore(KubernetesClient client) {
    this(client, defaultTooling());
  }

  private String toolName() {
    var slash = tooling.indexOf('/');
    return slash < 0 ? tooling : tooling.substring(0, slash);
  }

  private ClusterException failure(InventoryRef ref, String verb, KubernetesClientException e) {
    var hint =
        switch (e.getCode()) {
          case 403 ->
              (verb.equals("read") ? "grant get" : "grant get, create and patch")
                  + " on configmaps in namespace "
                  + ref.namespace();
          case 404 ->
              "namespace %s does not exist; create it or pass --inventory NAMESPACE/NAME"
                  .formatted(ref.namespace());
          default -> CatalogReader.hint(e);
        };
    if (e.getCode() <= 0) {
      return new ClusterException(
          "inventory configmap %s: cannot %s it; %s".formatted(ref, verb, hint), e);
    }
    return new ClusterException(
        "inventory configmap %s: cannot %s it (HTTP %d); %s"
            .formatted(ref, verb, e.getCode(), hint),
        e);
  }

  private static int parseCount(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static TreeSet<String> split(String value) {
    var set = new TreeSet<String>();
    if (value != null && !value.isBlank()) {
      Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(set::add);
    }
    return set;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}

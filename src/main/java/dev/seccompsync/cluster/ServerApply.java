package dev.seccompsync.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends server-side apply requests ({@code application/apply-patch+yaml}) under one field manager,
 * for real or as a dry run, and the few JSON patches that ownership takeover needs.
 */
public final class ServerApply {

  /** The field manager seccomp-sync applies as. */
  public static final String FIELD_MANAGER = "seccomp-sync";

  private static final Pattern CONFLICT = Pattern.compile("conflict with \"([^\"]+)\"");

  private final KubernetesClient client;

  public ServerApply(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Applies one object and returns what the server stored (or would store, on a dry run).
   *
   * @throws ApplyConflictException when other managers own fields the object changes
   * @throws ClusterException when the server refuses the object
   */
  public ObjectNode apply(KindInfo info, ObjectNode object, ApplyMode mode) {
    var item =
        client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    var subject = subject(info, object);
    try {
      var resource = resource(info, object, item);
      var writable = mode.dryRun() ? resource.dryRun() : resource;
      var applicable = writable.fieldManager(FIELD_MANAGER);
      if (mode.force()) {
        applicable = applicable.forceConflicts();
      }
      return toTree(applicable.serverSideApply());
    } catch (KubernetesClientException e) {
      throw failure(subject, e);
    }
  }

  /**
   * Sends an RFC 6902 JSON patch, used to move field ownership before an apply.
   *
   * @throws ClusterException when the server refuses it (for example, a failed {@code test})
   */
  public ObjectNode patch(KindInfo info, ObjectNode object, JsonNode jsonPatch) {
    var item =
        client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    try {
      var patched =
          resource(info, object, item).patch(PatchContext.of(PatchType.JSON), jsonPatch.toString());
      return toTree(patched);
    } catch (KubernetesClientException e) {
      throw failure(subject(info, object), e);
    }
  }

  private Resource<GenericKubernetesResource> resource(
      KindInfo info, ObjectNode object, GenericKubernetesResource item) {
    var version = object.path("apiVersion").asString();
    var resources =
        client.genericKubernetesResources(
            LiveReader.context(info, version.substring(version.indexOf('/') + 1)));
    if (info.namespaced()) {
      return resources.inNamespace(item.getMetadata().getNamespace()).resource(item);
    }
    return resources.resource(item);
  }

  private ObjectNode toTree(GenericKubernetesResource item) {
    return client.getKubernetesSerialization().convertValue(item, ObjectNode.class);
  }

  private static String subject(KindInfo info, ObjectNode object) {
    var metadata = object.path("metadata");
    var namespace = metadata.path("namespace").asString("");
    var name = metadata.path("name").asString("");
    return info.kind().kind() + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }

  private static ClusterException failure(String subject, KubernetesClientException e) {
    var status = e.getStatus();
    var reason =
        status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
    if (e.getCode() == 409 && status != null && status.getDetails() != null) {
      var conflicts = conflicts(status.getDetails().getCauses());
      if (!conflicts.isEmpty()) {
        return new ApplyConflictException(
            "%s: conflict with %s; run with --force-conflicts to take these fields over"
                .formatted(subject, Conflicts.describe(conflicts)),
            conflicts,
            e);
      }
    }
    return new ClusterException(
        "%s: refused by the API server (HTTP %d): %s"
            .formatted(subject, e.getCode(), oneLine(reason)),
        e);
  }

  private static List<FieldConflict> conflicts(List<StatusCause> causes) {
    if (causes == null) {
      return List.of();
    }
    return causes.stream()
        .filter(c -> c.getMessage() != null)
        .map(
            c -> {
              var m = CONFLICT.matcher(c.getMessage());
              return new FieldConflict(m.find() ? m.group(1) : "unknown", c.getField());
            })
        .toList();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }
}

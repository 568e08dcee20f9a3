package dev.seccompsync.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads every object of a kind with paged LIST requests (500 per page, following continue tokens),
 * so that comparing thousands of profiles costs a handful of requests and no per-object GET.
 */
public final class LiveReader {

  /** Objects per LIST page. */
  public static final long PAGE_SIZE = 500;

  private final KubernetesClient client;

  public LiveReader(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Lists all objects of a kind, in all namespaces, as the given version presents them.
   *
   * @throws ClusterException when the server refuses the LIST
   */
  public List<ObjectNode> list(KindInfo info, String version) {
    return list(info, version, null);
  }

  /**
   * Lists the objects of a kind that match a label selector, in all namespaces.
   *
   * @param labelSelector a Kubernetes label selector; {@code null} for all objects
   * @throws ClusterException when the server refuses the LIST (a bad selector among the reasons)
   */
  public List<ObjectNode> list(KindInfo info, String version, String labelSelector) {
    var context = context(info, version);
    var objects = new ArrayList<ObjectNode>();
    String token = null;
    do {
      var options =
          new ListOptionsBuilder()
              .withLimit(PAGE_SIZE)
              .withContinue(token)
              .withLabelSelector(labelSelector)
              .build();
      var page = listPage(info, version, context, options);
      for (GenericKubernetesResource item : page.getItems()) {
        objects.add(toTree(item));
      }
      token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (token != null && !token.isEmpty());
    return objects;
  }

  private io.fabric8.kubernetes.api.model.GenericKubernetesResourceList listPage(
      KindInfo info,
      String version,
      ResourceDefinitionContext context,
      io.fabric8.kubernetes.api.model.ListOptions options) {
    try {
      var resources = client.genericKubernetesResources(context);
      return info.namespaced() ? resources.inAnyNamespace().list(options) : resources.list(options);
    } catch (KubernetesClientException e) {
      var message =
          "cluster %s: cannot list %s at %s (HTTP %d); %s"
              .formatted(
                  client.getMasterUrl(), info.kind().plural(), version, e.getCode(), listHint(e));
      throw e.getCode() == 403
          ? new AccessDeniedException(message, e)
          : new ClusterException(message, e);
    }
  }

  private static String listHint(KubernetesClientException e) {
    return e.getCode() == 403
        ? "grant list on that resource (group security-profiles-operator.x-k8s.io)"
        : CatalogReader.hint(e);
  }

  ObjectNode toTree(GenericKubernetesResource item) {
    return client.getKubernetesSerialization().convertValue(item, ObjectNode.class);
  }

  static ResourceDefinitionContext context(KindInfo info, String version) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(dev.seccompsync.manifest.SpoKind.GROUP)
        .withVersion(version)
        .withPlural(info.kind().plural())
        .withKind(info.kind().kind())
        .withNamespaced(info.namespaced())
        .build();
  }
}

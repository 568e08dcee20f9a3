package dev.seccompsync.cluster;

import dev.seccompsync.manifest.SpoKind;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Learns which SPO generation a cluster runs from the CustomResourceDefinitions of the SPO kinds:
 * which versions are served, which is stored, the scope, and each version's schema (whose defaults
 * and list types drive comparison). One GET per kind.
 */
public final class CatalogReader {

  private final KubernetesClient client;

  public CatalogReader(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Reads the catalog.
   *
   * @throws ClusterException when the CRDs cannot be read
   */
  public SpoCatalog read() {
    var kinds = new EnumMap<SpoKind, KindInfo>(SpoKind.class);
    for (var kind : SpoKind.values()) {
      var crd = get(kind);
      if (crd != null && isEstablished(crd)) {
        kinds.put(kind, info(kind, crd));
      }
    }
    var seccomp = kinds.get(SpoKind.SECCOMP_PROFILE);
    var generation = seccomp == null ? null : generationOf(seccomp);
    return new SpoCatalog(client.getMasterUrl().toString(), generation, kinds);
  }

  private CustomResourceDefinition get(SpoKind kind) {
    try {
      return client.apiextensions().v1().customResourceDefinitions().withName(kind.crdName()).get();
    } catch (KubernetesClientException e) {
      throw new ClusterException(
          "cluster %s: cannot read CRD %s%s; %s"
              .formatted(
                  client.getMasterUrl(),
                  kind.crdName(),
                  e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "",
                  hint(e)),
          e);
    }
  }

  static String hint(KubernetesClientException e) {
    return switch (e.getCode()) {
      case 401 -> "the credentials were refused; check the kubeconfig's user and token";
      case 403 -> "grant get on customresourcedefinitions.apiextensions.k8s.io";
      default -> e.getCode() > 0 ? serverSays(e) : transportHint(e);
    };
  }

  /** The API server's own reason, which names what it refused (a bad label selector, say). */
  private static String serverSays(KubernetesClientException e) {
    var status = e.getStatus();
    var reason = status == null ? null : status.getMessage();
    if (reason == null || reason.isBlank()) {
      return "the server gave no reason; try again with -vv to see the requests";
    }
    return "the server says: " + reason.replaceAll("\\s+", " ").strip();
  }

  /** No HTTP status: the request never got an answer. */
  static String transportHint(Throwable e) {
    var root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof java.net.ConnectException) {
      return "connection refused; is the API server running at that address?";
    }
    if (root instanceof java.net.http.HttpTimeoutException
        || root instanceof java.net.SocketTimeoutException) {
      return "the API server did not answer in time";
    }
    if (root instanceof javax.net.ssl.SSLException) {
      return "TLS failed (%s); check the kubeconfig's certificate data"
          .formatted(root.getMessage());
    }
    return "the request failed (%s); check the server address in the kubeconfig"
        .formatted(root.getClass().getSimpleName());
  }

  private static boolean isEstablished(CustomResourceDefinition crd) {
    return crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }

  private KindInfo info(SpoKind kind, CustomResourceDefinition crd) {
    var served = new ArrayList<String>();
    var schemas = new LinkedHashMap<String, JsonNode>();
    String storage = null;
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (!Boolean.TRUE.equals(version.getServed())) {
        continue;
      }
      if (Boolean.TRUE.equals(version.getStorage())) {
        storage = version.getName();
        served.add(0, version.getName());
      } else {
        served.add(version.getName());
      }
      schemas.put(version.getName(), schemaOf(version));
    }
    if (storage == null) {
      storage = served.get(0);
    }
    var namespaced = "Namespaced".equals(crd.getSpec().getScope());
    return new KindInfo(kind, namespaced, List.copyOf(served), storage, Map.copyOf(schemas));
  }

  private JsonNode schemaOf(CustomResourceDefinitionVersion version) {
    var schema = version.getSchema() == null ? null : version.getSchema().getOpenAPIV3Schema();
    if (schema == null) {
      return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    return client.getKubernetesSerialization().convertValue(schema, JsonNode.class);
  }

  private static SpoGeneration generationOf(KindInfo seccomp) {
    if (seccomp.serves("v1")) {
      return SpoGeneration.C;
    }
    return seccomp.namespaced() ? SpoGeneration.A : SpoGeneration.B;
  }
}

package dev.seccompsync.sync;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Map;

/** Reads every namespace's labels with paged LISTs, for the binding and recording checks. */
final class NamespaceLabels {

  private final KubernetesClient client;

  NamespaceLabels(KubernetesClient client) {
    this.client = client;
  }

  /** The labels by namespace, or {@code null} when namespaces may not be listed. */
  Map<String, Map<String, String>> read() {
    var labels = new HashMap<String, Map<String, String>>();
    String token = null;
    try {
      do {
        var page =
            client
                .namespaces()
                .list(new ListOptionsBuilder().withLimit(500L).withContinue(token).build());
        page.getItems()
            .forEach(
                ns ->
                    labels.put(
                        ns.getMetadata().getName(),
                        ns.getMetadata().getLabels() == null
                            ? Map.of()
                            : ns.getMetadata().getLabels()));
        token = page.getMetadata().getContinue();
      } while (token != null && !token.isEmpty());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return null;
      }
      throw e;
    }
    return labels;
  }
}

package dev.seccompsync.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks the API server what this identity may do (a SelfSubjectAccessReview, which every
 * authenticated user may send), so that a missing grant is named before it fails deep inside a
 * library's retry loop.
 */
public final class AccessCheck {

  private final KubernetesClient client;

  public AccessCheck(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The verbs of {@code verbs} that are denied on a resource in a namespace; empty when all are
   * allowed, or when the server cannot answer (the request itself will then say why).
   */
  public List<String> denied(String group, String resource, String namespace, List<String> verbs) {
    var denied = new ArrayList<String>();
    for (var verb : verbs) {
      if (!allowed(group, resource, namespace, verb)) {
        denied.add(verb);
      }
    }
    return denied;
  }

  private boolean allowed(String group, String resource, String namespace, String verb) {
    var review = JsonNodeFactory.instance.objectNode();
    review.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectAccessReview");
    review
        .putObject("spec")
        .putObject("resourceAttributes")
        .put("group", group)
        .put("resource", resource)
        .put("namespace", namespace)
        .put("verb", verb);
    var base = client.getMasterUrl().toString().replaceAll("/+$", "");
    var http = client.getHttpClient();
    var request =
        http.newHttpRequestBuilder()
            .uri(URI.create(base + "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"))
            .post("application/json", review.toString())
            .build();
    try {
      var response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
      if (response.code() != 201 && response.code() != 200) {
        return true;
      }
      var answer = client.getKubernetesSerialization().unmarshal(response.body(), ObjectNode.class);
      return answer.path("status").path("allowed").asBoolean(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } catch (Exception e) {
      return true;
    }
  }
}

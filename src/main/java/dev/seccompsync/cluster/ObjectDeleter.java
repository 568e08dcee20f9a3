package dev.seccompsync.cluster;

import dev.seccompsync.manifest.SpoKind;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads single objects fresh from the server and deletes them with a uid precondition, so that an
 * object replaced since it was read (same name, new uid) is never deleted by mistake.
 */
public final class ObjectDeleter {

  /** What a DELETE request found. */
  public enum Outcome {
    /** The server accepted the deletion; finalizers may still hold the object. */
    ACCEPTED,
    /** The object was already gone. */
    GONE
  }

  private static final long TIMEOUT_SECONDS = 30;

  private final KubernetesClient client;

  public ObjectDeleter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The object as the server has it now, at the kind's storage version, or {@code null}.
   *
   * @throws ClusterException when the server refuses the GET
   */
  public ObjectNode get(KindInfo info, String namespace, String name) {
    var resources =
        client.genericKubernetesResources(LiveReader.context(info, info.storageVersion()));
    try {
      var item =
          info.namespaced()
              ? resources.inNamespace(namespace).withName(name).get()
              : resources.withName(name).get();
      return item == null
          ? null
          : client.getKubernetesSerialization().convertValue(item, ObjectNode.class);
    } catch (KubernetesClientException e) {
      throw new ClusterException(
          "%s: cannot read it before deleting (HTTP %d); %s"
              .formatted(subject(info, namespace, name), e.getCode(), CatalogReader.hint(e)),
          e);
    }
  }

  /**
   * Deletes the object if it still has {@code uid}, in the background (dependents are collected by
   * the garbage collector).
   *
   * @throws ClusterException when the server refuses it, or the uid no longer matches
   */
  public Outcome delete(KindInfo info, String namespace, String name, String uid) {
    return delete(info, namespace, name, uid, false);
  }

  /**
   * Deletes the object, or with {@code dryRun} asks the server whether it would (RBAC, admission
   * and the uid precondition are checked; nothing is deleted).
   */
  public Outcome delete(KindInfo info, String namespace, String name, String uid, boolean dryRun) {
    var options = JsonNodeFactory.instance.objectNode();
    options.put("apiVersion", "v1").put("kind", "DeleteOptions");
    options.put("propagationPolicy", "Background");
    options.putObject("preconditions").put("uid", uid);
    if (dryRun) {
      // The server reads the options from the body when there is one, not from the query.
      options.putArray("dryRun").add("All");
    }
    var http = client.getHttpClient();
    var request =
        http.newHttpRequestBuilder()
            .uri(
                dryRun
                    ? URI.create(uri(info, namespace, name) + "?dryRun=All")
                    : uri(info, namespace, name))
            .delete("application/json", options.toString())
            .build();
    int code;
    String body;
    try {
      var response = http.sendAsync(request, String.class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      code = response.code();
      body = response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException(subject(info, namespace, name) + ": delete interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new ClusterException(
          "%s: delete failed; %s"
              .formatted(
                  subject(info, namespace, name),
                  e instanceof TimeoutException
                      ? "the API server did not answer in time"
                      : CatalogReader.transportHint(e)),
          e);
    }
    return switch (code) {
      case 200, 202 -> Outcome.ACCEPTED;
      case 404 -> Outcome.GONE;
      case 409 ->
          throw new ClusterException(
              "%s: not deleted: it was replaced since it was read (uid is no longer %s)"
                  .formatted(subject(info, namespace, name), uid));
      case 403 ->
          throw new ClusterException(
              "%s: delete forbidden (HTTP 403); grant delete on %s in group %s"
                  .formatted(subject(info, namespace, name), info.kind().plural(), SpoKind.GROUP));
      default ->
          throw new ClusterException(
              "%s: delete refused (HTTP %d): %s"
                  .formatted(subject(info, namespace, name), code, statusMessage(body)));
    };
  }

  /**
   * Whether a node exists, to explain a node's finalizer; empty when the identity may not read
   * nodes or the server does not answer.
   */
  public Optional<Boolean> nodeExists(String name) {
    try {
      return Optional.of(client.nodes().withName(name).get() != null);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  private URI uri(KindInfo info, String namespace, String name) {
    var base = client.getMasterUrl().toString().replaceAll("/+$", "");
    var path = new StringBuilder("/apis/").append(SpoKind.GROUP).append('/');
    path.append(info.storageVersion()).append('/');
    if (info.namespaced()) {
      path.append("namespaces/").append(namespace).append('/');
    }
    path.append(info.kind().plural()).append('/').append(name);
    return URI.create(base + path);
  }

  private String statusMessage(String body) {
    try {
      var status = client.getKubernetesSerialization().unmarshal(body, ObjectNode.class);
      return status.path("message").asString(body).replaceAll("\\s+", " ").trim();
    } catch (RuntimeException e) {
      return body == null ? "" : body.replaceAll("\\s+", " ").trim();
    }
  }

  private static String subject(KindInfo info, String namespace, String name) {
    return info.kind().kind() + "/" + (namespace == null ? "" : namespace + "/") + name;
  }
}

package dev.seccompsync.cluster;

import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.SpoKind;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events (core v1) on the objects seccomp-sync changes or finds drifted, so that
 * {@code kubectl describe} and {@code kubectl get events} show them. The same event for the same
 * object within ten minutes increments the count of the first one instead of adding another, as the
 * kubelet's recorder does. A refused event is logged, never fatal.
 */
public final class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final Duration AGGREGATION_WINDOW = Duration.ofMinutes(10);

  /** Whether an event reports something normal or something to look at. */
  public enum Type {
    Normal,
    Warning
  }

  private final KubernetesClient client;
  private final String instance;
  private final Clock clock;
  private final Map<String, Recorded> recent = new ConcurrentHashMap<>();

  /**
   * @param instance this replica's identity, as {@code reportingInstance}
   */
  public EventRecorder(KubernetesClient client, String instance, Clock clock) {
    this.client = client;
    this.instance = instance;
    this.clock = clock;
  }

  /**
   * Records an event on an object.
   *
   * @param apiVersion the object's apiVersion
   * @param uid the object's uid, or {@code null} when unknown (a deleted object)
   */
  public void record(
      ObjectId id, String apiVersion, String uid, Type type, String reason, String message) {
    var namespace = id.namespace() != null ? id.namespace() : "default";
    var key = id + "|" + reason + "|" + message;
    var now = clock.instant();
    var earlier = recent.get(key);
    try {
      if (earlier != null && earlier.last().plus(AGGREGATION_WINDOW).isAfter(now)) {
        var count = earlier.count() + 1;
        client
            .v1()
            .events()
            .inNamespace(namespace)
            .withName(earlier.name())
            .edit(
                e -> {
                  e.setCount(count);
                  e.setLastTimestamp(now.toString());
                  return e;
                });
        recent.put(key, new Recorded(earlier.name(), count, now));
        return;
      }
      var involved =
          new ObjectReferenceBuilder()
              .withApiVersion(apiVersion)
              .withKind(id.kind().kind())
              .withName(id.name())
              .withNamespace(id.namespace())
              .withUid(uid)
              .build();
      var event =
          new EventBuilder()
              .withNewMetadata()
              .withGenerateName(id.name() + ".")
              .withNamespace(namespace)
              .endMetadata()
              .withInvolvedObject(involved)
              .withType(type.name())
              .withReason(reason)
              .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
              .withNewSource()
              .withComponent("seccomp-sync")
              .endSource()
              .withReportingComponent("seccomp-sync")
              .withReportingInstance(instance)
              .withFirstTimestamp(now.toString())
              .withLastTimestamp(now.toString())
              .withCount(1)
              .build();
      var created = client.v1().events().inNamespace(namespace).resource(event).create();
      recent.put(key, new Recorded(created.getMetadata().getName(), 1, now));
    } catch (KubernetesClientException e) {
      recent.remove(key);
      log.warn(
          "cannot record event {} on {} (HTTP {}); grant create and patch on events",
          reason,
          id,
          e.getCode());
    }
    recent.entrySet().removeIf(e -> e.getValue().last().plus(AGGREGATION_WINDOW).isBefore(now));
  }

  /** The apiVersion of the kind's storage version. */
  public static String apiVersion(KindInfo info) {
    return SpoKind.GROUP + "/" + info.storageVersion();
  }

  private record Recorded(String name, int count, Instant last) {}
}

package dev.seccompsync.promote;

import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.SpoKind;
import tools.jackson.databind.node.ObjectNode;

/**
 * A seccomp profile SPO's recorder wrote from a running workload, as the cluster returns it.
 *
 * @param id the object's kind, namespace (none once profiles are cluster-scoped) and name
 * @param recording the ProfileRecording's name ({@code spo.x-k8s.io/recording-id})
 * @param recordingNamespace the ProfileRecording's namespace ({@code
 *     spo.x-k8s.io/recording-namespace}, else the profile's own namespace); {@code null} when
 *     neither says
 * @param container the container it was recorded from ({@code spo.x-k8s.io/container-id}, else read
 *     from the name)
 * @param partial whether it is one of several partial recordings the operator has yet to merge
 * @param object the whole object
 */
public record RecordedProfile(
    ObjectId id,
    String recording,
    String recordingNamespace,
    String container,
    boolean partial,
    ObjectNode object) {

  public static final String RECORDING_LABEL = "spo.x-k8s.io/recording-id";
  public static final String RECORDING_NAMESPACE_LABEL = "spo.x-k8s.io/recording-namespace";
  public static final String CONTAINER_LABEL = "spo.x-k8s.io/container-id";
  public static final String PARTIAL_LABEL = "spo.x-k8s.io/partial";
  public static final String COVERAGE_ANNOTATION = "spo.x-k8s.io/syscall-coverage";

  /**
   * The recorded profile an object is, or {@code null} when it carries no recording label.
   *
   * @param object a SeccompProfile as the API server returns it
   */
  public static RecordedProfile of(ObjectNode object) {
    var metadata = object.path("metadata");
    var labels = metadata.path("labels");
    var recording = labels.path(RECORDING_LABEL).asString("");
    if (recording.isEmpty()) {
      return null;
    }
    var name = metadata.path("name").asString();
    var namespace = metadata.path("namespace").asString(null);
    var recordingNamespace = labels.path(RECORDING_NAMESPACE_LABEL).asString(namespace);
    var container = labels.path(CONTAINER_LABEL).asString("");
    if (container.isEmpty()) {
      // Profiles recorded before 1.0 name the container only in the object name.
      container = name.startsWith(recording + "-") ? name.substring(recording.length() + 1) : name;
    }
    var partial = "true".equals(labels.path(PARTIAL_LABEL).asString(""));
    return new RecordedProfile(
        new ObjectId(SpoKind.SECCOMP_PROFILE, namespace, name),
        recording,
        recordingNamespace,
        container,
        partial,
        object);
  }

  /** {@code namespace/recording}, or the recording alone when no namespace is known. */
  public String recordingKey() {
    return recordingNamespace == null ? recording : recordingNamespace + "/" + recording;
  }

  public String name() {
    return id.name();
  }
}

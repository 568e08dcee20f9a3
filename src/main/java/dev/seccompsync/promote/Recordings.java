package dev.seccompsync.promote;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * Groups recorded profiles by recording and container, and turns each container's objects into one
 * proposed profile: partial profiles wait for the operator's merge unless asked to merge them here,
 * and the profiles of several replicas of one container are united, so that Git never gets one file
 * per random pod suffix.
 */
public final class Recordings {

  /** Labels and annotations the operator, the server or kubectl write; never copied to Git. */
  private static final List<String> FOREIGN_PREFIXES =
      List.of(
          "spo.x-k8s.io/",
          "kubectl.kubernetes.io/",
          "applyset.kubernetes.io/",
          "seccomp-sync.dev/");

  private static final List<String> FOREIGN_KEYS =
      List.of("syscalls", "app.kubernetes.io/managed-by");

  /**
   * How recorded profiles become proposals.
   *
   * @param mergePartials unite partial profiles here instead of waiting for the operator
   * @param perReplica refuse to unite replicas (and say how to record without them)
   * @param nameTemplate the name in Git, with {@code {recording}}, {@code {container}} and {@code
   *     {namespace}}
   */
  public record Options(boolean mergePartials, boolean perReplica, String nameTemplate) {
    public static final String DEFAULT_NAME_TEMPLATE = "{recording}-{container}";

    public Options {
      nameTemplate = nameTemplate == null ? DEFAULT_NAME_TEMPLATE : nameTemplate;
      var shown = "--name-template '" + nameTemplate + "'";
      var unknown = nameTemplate.replaceAll("\\{(recording|container|namespace)}", "");
      if (unknown.contains("{") || unknown.contains("}")) {
        throw new IllegalArgumentException(
            shown + ": unknown placeholder; use {recording}, {container} and {namespace}");
      }
      if (!nameTemplate.contains("{container}")) {
        throw new IllegalArgumentException(
            shown + ": must contain {container}, or the containers of a recording share one name");
      }
      var sample =
          nameTemplate
              .replace("{recording}", "rec")
              .replace("{container}", "app")
              .replace("{namespace}", "ns");
      if (!KUBERNETES_NAME.matcher(sample).matches()) {
        throw new IllegalArgumentException(
            shown
                + ": gives names such as "
                + sample
                + ", which Kubernetes refuses; use lower-case letters, digits, - and .");
      }
    }

    public static Options defaults() {
      return new Options(false, false, null);
    }
  }

  /** A DNS subdomain, as Kubernetes wants object names: lower case, at most 253 characters. */
  private static final java.util.regex.Pattern KUBERNETES_NAME =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final Options options;

  public Recordings(Options options) {
    this.options = options;
  }

  /**
   * The recordings the profiles come from, sorted by key.
   *
   * @throws PromotionException when replicas are found and {@code perReplica} refuses them
   */
  public List<Recording> group(List<RecordedProfile> profiles) {
    var byRecording = new TreeMap<String, List<RecordedProfile>>();
    for (var profile : profiles) {
      byRecording.computeIfAbsent(profile.recordingKey(), k -> new ArrayList<>()).add(profile);
    }
    var recordings = new ArrayList<Recording>();
    byRecording.forEach((key, members) -> recordings.add(recording(key, members)));
    return recordings;
  }

  private Recording recording(String key, List<RecordedProfile> members) {
    var first = members.get(0);
    var notes = new ArrayList<String>();
    var partials = members.stream().filter(RecordedProfile::partial).count();
    if (partials > 0 && !options.mergePartials()) {
      return new Recording(
          key, first.recording(), first.recordingNamespace(), List.of(), (int) partials, notes);
    }
    var byContainer = new TreeMap<String, List<RecordedProfile>>();
    for (var member : members) {
      byContainer.computeIfAbsent(member.container(), k -> new ArrayList<>()).add(member);
    }
    var proposals = new ArrayList<ProposedProfile>();
    for (var entry : byContainer.entrySet()) {
      var sources =
          entry.getValue().stream().sorted(Comparator.comparing(RecordedProfile::name)).toList();
      var hasPartials = sources.stream().anyMatch(RecordedProfile::partial);
      var replicas = sources.stream().filter(p -> !p.partial()).toList();
      if (replicas.size() > 1 && options.perReplica()) {
        throw new PromotionException(
            ("recording %s: container %s was recorded in %d replicas (%s), and --per-replica"
                    + " refuses to unite them (one file per random pod name would follow): drop"
                    + " --per-replica to unite them into one profile, or record with"
                    + " mergeStrategy: containers")
                .formatted(key, entry.getKey(), replicas.size(), names(replicas)));
      }
      if (hasPartials) {
        notes.add(
            "merged %d partial profiles of container %s here (%s), as the operator would once"
                    .formatted(sources.size(), entry.getKey(), names(sources))
                + " the recording is deleted");
      } else if (sources.size() > 1) {
        notes.add(
            "united %d replica profiles of container %s (%s)"
                .formatted(sources.size(), entry.getKey(), names(sources)));
      }
      proposals.add(proposal(key, entry.getKey(), sources, hasPartials));
    }
    return new Recording(key, first.recording(), first.recordingNamespace(), proposals, 0, notes);
  }

  private ProposedProfile proposal(
      String key, String container, List<RecordedProfile> sources, boolean mergedPartials) {
    var first = sources.get(0);
    var union = new SyscallUnion();
    for (var source : sources) {
      union.add(source.object().path("spec").path("syscalls"));
    }
    var spec = ((ObjectNode) first.object().path("spec")).deepCopy();
    spec.set("syscalls", union.grouped());
    var metadata = first.object().path("metadata");
    var labels = ownEntries(metadata.path("labels"));
    var annotations = ownEntries(metadata.path("annotations"));
    annotations.put(ProposedProfile.RECORDING_ANNOTATION, key);
    annotations.put(ProposedProfile.CONTAINER_ANNOTATION, container);
    var coverage =
        sources.size() == 1
            ? metadata.path("annotations").path(RecordedProfile.COVERAGE_ANNOTATION).asString(null)
            : null;
    return new ProposedProfile(
        key,
        first.recording(),
        first.recordingNamespace(),
        container,
        name(first, container),
        sources.stream().map(RecordedProfile::name).toList(),
        mergedPartials,
        labels,
        annotations,
        spec,
        coverage);
  }

  private String name(RecordedProfile profile, String container) {
    var name = templated(profile, container);
    if (!KUBERNETES_NAME.matcher(name).matches()) {
      throw new PromotionException(
          "--name-template %s gives %s for container %s of recording %s, which is not a valid"
                  .formatted(options.nameTemplate(), name, container, profile.recordingKey())
              + " Kubernetes name (lower-case letters, digits, - and ., at most 253)");
    }
    return name;
  }

  private String templated(RecordedProfile profile, String container) {
    var labels = profile.object().path("metadata").path("labels");
    if (!labels.has(RecordedProfile.CONTAINER_LABEL)
        && !profile.name().startsWith(profile.recording() + "-")) {
      // Named by a person, not by the recorder: the name stays.
      return profile.name();
    }
    var namespace = profile.recordingNamespace() == null ? "" : profile.recordingNamespace();
    return options
        .nameTemplate()
        .replace("{recording}", profile.recording())
        .replace("{container}", container)
        .replace("{namespace}", namespace);
  }

  private static Map<String, String> ownEntries(tools.jackson.databind.JsonNode map) {
    var own = new LinkedHashMap<String, String>();
    for (var entry : map.properties()) {
      var key = entry.getKey();
      if (FOREIGN_KEYS.contains(key) || FOREIGN_PREFIXES.stream().anyMatch(key::startsWith)) {
        continue;
      }
      own.put(key, entry.getValue().asString());
    }
    return own;
  }

  private static String names(List<RecordedProfile> profiles) {
    return String.join(", ", profiles.stream().map(RecordedProfile::name).toList());
  }
}

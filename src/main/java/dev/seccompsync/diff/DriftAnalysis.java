package dev.seccompsync.diff;

import dev.seccompsync.cluster.ServerApply;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.SpoKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns plans and the live state into a drift report: what differs from Git, what is in the cluster
 * without being in Git, and the hazards Git alone cannot show (bindings that protect nothing,
 * profiles the operator has not installed).
 */
public final class DriftAnalysis {

  /** The namespace label without which SPO ignores the bindings in a namespace. */
  public static final String ENABLE_BINDING_LABEL = "spo.x-k8s.io/enable-binding";

  private DriftAnalysis() {}

  /**
   * Finds every difference and hazard.
   *
   * @param plans one plan per Git object
   * @param live the cluster's SPO objects
   * @param namespaceLabels the labels of every namespace, or {@code null} when they could not be
   *     read (the namespace check is then left out)
   */
  public static List<ObjectResult> analyse(
      List<ObjectPlan> plans, LiveState live, Map<String, Map<String, String>> namespaceLabels) {
    var results = new ArrayList<ObjectResult>();
    var inGit = new HashSet<ObjectId>();
    plans.forEach(plan -> inGit.add(plan.desired().id()));
    for (var plan : plans) {
      results.addAll(forGitObject(plan, live, inGit, namespaceLabels));
    }
    for (var info : live.catalog().kinds().values()) {
      for (var object : live.all(info.kind())) {
        var id = LiveState.idOf(info, object);
        if (!inGit.contains(id)) {
          results.add(forLiveOnly(id, object));
        }
      }
    }
    results.sort(java.util.Comparator.comparing(ObjectResult::id));
    return results;
  }

  private static List<ObjectResult> forGitObject(
      ObjectPlan plan,
      LiveState live,
      Set<ObjectId> inGit,
      Map<String, Map<String, String>> namespaceLabels) {
    var found = new ArrayList<ObjectResult>();
    var result = plan.result();
    var category = plan.live() == null ? DriftCategory.MISSING : DriftCategory.CHANGED;
    switch (result.action()) {
      case CREATED ->
          found.add(result.withCategory(DriftCategory.MISSING, "in Git, not in the cluster"));
      case CONFIGURED ->
          found.add(result.withCategory(DriftCategory.CHANGED, changedFields(result)));
      case SKIPPED -> found.add(result.withCategory(category, result.message()));
      case FAILED -> {
        if (result.patch() != null) {
          // Apply would refuse it (a conflict), but the difference is real drift.
          found.add(
              result
                  .withAction(Action.CONFIGURED, result.message())
                  .withCategory(category, changedFields(result)));
        } else {
          found.add(result);
        }
      }
      default -> {
        // in sync; hazards below
      }
    }
    var id = plan.desired().id();
    if (id.kind().isProfile() && plan.live() != null) {
      var status = plan.live().path("status").path("status").asString("");
      if (!status.equals("Installed")) {
        var reason =
            status.isEmpty()
                ? "no status: the operator has not processed it; is SPO running?"
                : "status is " + status + ", not Installed";
        found.add(
            new ObjectResult(
                id,
                null,
                DriftCategory.NOT_INSTALLED,
                plan.desired().source(),
                null,
                null,
                reason));
      }
    }
    if (id.kind() == SpoKind.PROFILE_BINDING) {
      var reason = inertReason(plan, live, inGit, namespaceLabels);
      if (reason != null) {
        found.add(
            new ObjectResult(
                id,
                null,
                DriftCategory.INERT_BINDING,
                plan.desired().source(),
                null,
                null,
                reason));
      }
    }
    return found;
  }

  /** Names the fields a change touches, for instance {@code differs at /spec/defaultAction}. */
  private static String changedFields(ObjectResult result) {
    var paths = new java.util.ArrayList<String>();
    if (result.patch() != null) {
      result.patch().forEach(op -> paths.add(op.path("path").asString()));
    }
    var distinct = paths.stream().distinct().toList();
    var shown = String.join(", ", distinct.subList(0, Math.min(3, distinct.size())));
    var more = distinct.size() - 3;
    var text =
        distinct.isEmpty()
            ? "differs"
            : "differs at " + shown + (more > 0 ? " and " + more + " more" : "");
    return result.message() == null ? text : text + "; " + result.message();
  }

  private static String inertReason(
      ObjectPlan plan,
      LiveState live,
      Set<ObjectId> inGit,
      Map<String, Map<String, String>> namespaceLabels) {
    var id = plan.desired().id();
    var ref = plan.desired().manifest().body().path("spec").path("profileRef");
    var kind = SpoKind.fromKind(ref.path("kind").asString()).orElse(SpoKind.SECCOMP_PROFILE);
    var name = ref.path("name").asString();
    var profileNamespace =
        live.catalog().find(kind).map(k -> k.namespaced()).orElse(false) ? id.namespace() : null;
    var profile = new ObjectId(kind, profileNamespace, name);
    if (!inGit.contains(profile) && !live.exists(profile)) {
      return "its profile %s exists neither in Git nor in the cluster; SPO skips the binding"
          .formatted(profile);
    }
    if (namespaceLabels != null) {
      var labels = namespaceLabels.get(id.namespace());
      if (labels == null) {
        return "namespace %s does not exist".formatted(id.namespace());
      }
      if (!"true".equals(labels.get(ENABLE_BINDING_LABEL))) {
        return "namespace %s lacks the label %s=true; SPO ignores its bindings"
            .formatted(id.namespace(), ENABLE_BINDING_LABEL);
      }
    }
    return null;
  }

  private static final String RECORDING_NAMESPACE_LABEL = "spo.x-k8s.io/recording-namespace";

  /** The message of a recorded profile not in Git, before its recording's key. */
  public static final String PROMOTION_CANDIDATE = "not in Git, promotion candidate of recording ";

  /**
   * The recording ({@code namespace/name}) a {@link DriftCategory#RECORDED} finding names, or
   * {@code null} for other findings.
   */
  public static String recordingOf(ObjectResult result) {
    var message = result.message();
    if (result.category() != DriftCategory.RECORDED
        || message == null
        || !message.startsWith(PROMOTION_CANDIDATE)) {
      return null;
    }
    return message.substring(PROMOTION_CANDIDATE.length());
  }

  private static ObjectResult forLiveOnly(ObjectId id, ObjectNode object) {
    var metadata = object.path("metadata");
    var labels = metadata.path("labels");
    if (labels.has(Ownership.RECORDING_LABEL)) {
      var recording = labels.path(Ownership.RECORDING_LABEL).asString();
      var namespace =
          labels.path(RECORDING_NAMESPACE_LABEL).asString(metadata.path("namespace").asString(""));
      var key = namespace.isEmpty() ? recording : namespace + "/" + recording;
      return new ObjectResult(
          id, null, DriftCategory.RECORDED, null, null, null, PROMOTION_CANDIDATE + key);
    }
    if (isOurs(metadata)) {
      var source = metadata.path("annotations").path(Ownership.SOURCE_ANNOTATION).asString(null);
      return new ObjectResult(
          id,
          null,
          DriftCategory.ORPHANED,
          source,
          null,
          null,
          "applied by seccomp-sync, since removed from Git");
    }
    return new ObjectResult(
        id, null, DriftCategory.UNMANAGED, null, null, null, "in the cluster, not in Git");
  }

  private static boolean isOurs(JsonNode metadata) {
    if (Ownership.MANAGED_BY_VALUE.equals(
        metadata.path("labels").path(Ownership.MANAGED_BY_LABEL).asString(null))) {
      return true;
    }
    for (var entry : metadata.path("managedFields")) {
      if (entry.path("manager").asString().equals(ServerApply.FIELD_MANAGER)) {
        return true;
      }
    }
    return false;
  }
}

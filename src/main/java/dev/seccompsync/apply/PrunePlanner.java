package dev.seccompsync.apply;

import dev.seccompsync.apply.PruneCandidate.Decision;
import dev.seccompsync.cluster.KindInfo;
import dev.seccompsync.cluster.ServerApply;
import dev.seccompsync.diff.LiveState;
import dev.seccompsync.diff.Ownership;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.SpoKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds what prune may delete: only members of the inventory (its {@code
 * applyset.kubernetes.io/part-of} label), that seccomp-sync manages (its field manager is among the
 * object's managers), and that are gone from Git. Recorded, partial and owned objects, objects
 * marked {@code seccomp-sync.dev/prune: disabled}, and base profiles other profiles still name are
 * kept, each with its reason.
 */
public final class PrunePlanner {

  private PrunePlanner() {}

  /**
   * The prune plan.
   *
   * @param applySetId the inventory's id
   * @param inGit the identities Git defines
   * @param live the cluster's objects of every served kind
   */
  public static PrunePlan plan(
      String applySetId, Set<ObjectId> inGit, LiveState live, PruneOptions options) {
    return plan(applySetId, inGit, live, options, 0);
  }

  /**
   * The prune plan of a run whose Git input had {@code inputErrors} errors: with any, nothing is
   * deleted, since an object whose file failed to load looks as if it had left Git.
   */
  public static PrunePlan plan(
      String applySetId,
      Set<ObjectId> inGit,
      LiveState live,
      PruneOptions options,
      long inputErrors) {
    var candidates = new ArrayList<PruneCandidate>();
    int members = 0;
    for (var info : live.catalog().kinds().values()) {
      for (var object : live.all(info.kind())) {
        if (!applySetId.equals(label(object, Ownership.PART_OF_LABEL))) {
          continue;
        }
        members++;
        var id = LiveState.idOf(info, object);
        if (!inGit.contains(id)) {
          candidates.add(decide(info, id, object));
        }
      }
    }
    keepBasesInUse(candidates, live, inGit);
    candidates.sort(java.util.Comparator.comparing(PruneCandidate::id));
    var deletions = candidates.stream().filter(c -> c.decision() == Decision.DELETE).count();
    if (deletions > 0 && inputErrors > 0) {
      var why = "not pruned: the repository has input errors; prune runs only on a clean read";
      candidates.replaceAll(c -> c.decision() == Decision.DELETE ? c.kept(why) : c);
      return new PrunePlan(
          List.copyOf(candidates),
          members,
          ("prune skipped: %d input error%s in the repository, and an object in a broken file"
                  + " would look deleted; fix them and run again")
              .formatted(inputErrors, inputErrors == 1 ? "" : "s"));
    }
    String refusal = null;
    if (deletions > 0 && !options.allowMassPrune()) {
      var everything = deletions == members;
      var share = deletions * 100.0 / members;
      if (everything || share > options.maxPercent()) {
        refusal =
            ("prune refused: it would delete %d of the inventory's %d objects (%s); nothing was"
                    + " pruned; check --repo, --revision and --path, or pass --allow-mass-prune")
                .formatted(
                    deletions,
                    members,
                    everything ? "all of them" : "more than " + options.maxPercent() + "%");
        var why = "not pruned: mass prune refused";
        candidates.replaceAll(c -> c.decision() == Decision.DELETE ? c.kept(why) : c);
      }
    }
    return new PrunePlan(List.copyOf(candidates), members, refusal);
  }

  private static PruneCandidate decide(KindInfo info, ObjectId id, ObjectNode object) {
    var metadata = object.path("metadata");
    if (has(object, Ownership.RECORDING_LABEL) || has(object, Ownership.PARTIAL_LABEL)) {
      return keep(info, id, object, "recorded by SPO; recorded profiles are never pruned");
    }
    var owners = metadata.path("ownerReferences");
    if (owners.isArray() && !owners.isEmpty()) {
      var owner = owners.get(0);
      return keep(
          info,
          id,
          object,
          "owned by %s/%s; owned objects are never pruned"
              .formatted(owner.path("kind").asString(), owner.path("name").asString()));
    }
    if (!managedBySeccompSync(object)) {
      return keep(info, id, object, "seccomp-sync is not among its field managers; not pruned");
    }
    if ("disabled".equalsIgnoreCase(annotation(object, Ownership.PRUNE_ANNOTATION))) {
      return keep(info, id, object, "kept: " + Ownership.PRUNE_ANNOTATION + ": disabled");
    }
    if (metadata.hasNonNull("deletionTimestamp")) {
      return new PruneCandidate(id, info, object, Decision.TERMINATING, null);
    }
    return new PruneCandidate(id, info, object, Decision.DELETE, null);
  }

  /** A profile named as the base of a live profile that stays is not deleted. */
  private static void keepBasesInUse(
      List<PruneCandidate> candidates, LiveState live, Set<ObjectId> inGit) {
    var deleting = new java.util.HashSet<ObjectId>();
    candidates.stream()
        .filter(c -> c.decision() == Decision.DELETE)
        .forEach(c -> deleting.add(c.id()));
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < candidates.size(); i++) {
        var candidate = candidates.get(i);
        if (candidate.decision() != Decision.DELETE) {
          continue;
        }
        var dependents = dependents(candidate, live, deleting);
        if (!dependents.isEmpty()) {
          candidates.set(
              i,
              candidate.kept(
                  "not pruned: still named by %s; remove them or their reference first"
                      .formatted(String.join(", ", dependents))));
          deleting.remove(candidate.id());
          changed = true;
        }
      }
    }
  }

  private static TreeSet<String> dependents(
      PruneCandidate base, LiveState live, Set<ObjectId> deleting) {
    var names = new TreeSet<String>();
    var bindings = live.catalog().find(SpoKind.PROFILE_BINDING).orElse(null);
    if (bindings != null) {
      for (var binding : live.all(SpoKind.PROFILE_BINDING)) {
        var id = LiveState.idOf(bindings, binding);
        var ref = binding.path("spec").path("profileRef");
        var sameScope =
            base.id().namespace() == null || base.id().namespace().equals(id.namespace());
        if (ref.path("kind").asString("").equals(base.id().kind().kind())
            && ref.path("name").asString("").equals(base.id().name())
            && sameScope
            && !deleting.contains(id)
            && !binding.path("metadata").hasNonNull("deletionTimestamp")) {
          names.add("ProfileBinding " + id.namespace() + "/" + id.name());
        }
      }
    }
    if (base.id().kind() != SpoKind.SECCOMP_PROFILE) {
      return names;
    }
    var info = base.info();
    for (var object : live.all(SpoKind.SECCOMP_PROFILE)) {
      var id = LiveState.idOf(info, object);
      var named = object.path("spec").path("baseProfileName").asString("");
      if (named.equals(base.id().name())
          && java.util.Objects.equals(id.namespace(), base.id().namespace())
          && !deleting.contains(id)) {
        names.add(id.namespace() == null ? id.name() : id.namespace() + "/" + id.name());
      }
    }
    return names;
  }

  private static PruneCandidate keep(KindInfo info, ObjectId id, ObjectNode object, String why) {
    return new PruneCandidate(id, info, object, Decision.KEEP, why);
  }

  static boolean managedBySeccompSync(JsonNode object) {
    for (var entry : object.path("metadata").path("managedFields")) {
      if (ServerApply.FIELD_MANAGER.equals(entry.path("manager").asString())) {
        return true;
      }
    }
    return false;
  }

  static String label(JsonNode object, String key) {
    var value = object.path("metadata").path("labels").path(key);
    return value.isString() ? value.asString() : null;
  }

  private static boolean has(JsonNode object, String label) {
    return object.path("metadata").path("labels").has(label);
  }

  static String annotation(JsonNode object, String key) {
    var value = object.path("metadata").path("annotations").path(key);
    return value.isString() ? value.asString() : null;
  }
}

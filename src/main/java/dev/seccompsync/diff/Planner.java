package dev.seccompsync.diff;

import dev.seccompsync.cluster.ApplyConflictException;
import dev.seccompsync.cluster.ApplyMode;
import dev.seccompsync.cluster.ClusterException;
import dev.seccompsync.cluster.Conflicts;
import dev.seccompsync.cluster.FieldConflict;
import dev.seccompsync.cluster.ServerApply;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides, for each Git object, what apply would do. Objects that compare equal locally are
 * unchanged without a request; the others are confirmed with a server-side dry-run apply under
 * seccomp-sync's field manager, so the reported change is the server's own answer, including its
 * defaults and its handling of ownership.
 */
public final class Planner {
  private static final Logger log = LoggerFactory.getLogger(Planner.class);

  private final ServerApply server;
  private final PlanOptions options;

  public Planner(ServerApply server, PlanOptions options) {
    this.server = server;
    this.options = options;
  }

  /** Plans every object, sending at most {@code options.concurrency()} dry runs at once. */
  public List<ObjectPlan> planAll(List<DesiredObject> objects, LiveState live) {
    return Concurrently.map(objects, options.concurrency(), o -> plan(o, live));
  }

  /** Plans one object. */
  public ObjectPlan plan(DesiredObject desired, LiveState live) {
    var liveObject = live.get(desired.id(), desired.manifest().version());
    if (liveObject != null && liveObject.path("metadata").hasNonNull("deletionTimestamp")) {
      var result =
          ObjectResult.of(
              desired.id(),
              Action.PENDING,
              desired.source(),
              "object is being deleted; will be created after deletion completes");
      return new ObjectPlan(desired, liveObject, result, List.of(), false, false);
    }
    if (liveObject != null) {
      var fields = ManagedFields.of(liveObject);
      var normalDesired = Normalizer.normalize(desired.applyConfiguration(), desired.schema());
      var normalLive = Normalizer.normalize(liveObject, desired.schema());
      if (!LocalComparison.mayChange(
          normalDesired, normalLive, desired.applyConfiguration(), fields, desired.schema())) {
        return unchanged(desired, liveObject, null);
      }
      log.debug("{} may differ, asking the server", desired.id());
    }
    return predict(desired, liveObject);
  }

  private ObjectPlan predict(DesiredObject desired, ObjectNode liveObject) {
    var fields = liveObject == null ? null : ManagedFields.of(liveObject);
    var takeOverManagers = takeOverManagers(liveObject, fields);
    List<FieldConflict> conflicts = List.of();
    boolean forceSafe = false;
    ObjectNode predicted;
    try {
      try {
        predicted =
            server.apply(
                desired.info(),
                desired.applyConfiguration(),
                ApplyMode.dryRun(options.forceConflicts()));
      } catch (ApplyConflictException e) {
        conflicts = e.conflicts();
        forceSafe =
            conflicts.stream()
                .allMatch(c -> ManagedFields.TAKE_OVER_MANAGERS.contains(c.manager()));
        predicted =
            server.apply(desired.info(), desired.applyConfiguration(), ApplyMode.dryRun(true));
      }
    } catch (ClusterException e) {
      var result = ObjectResult.of(desired.id(), Action.FAILED, desired.source(), e.getMessage());
      return new ObjectPlan(desired, liveObject, result, List.of(), false, false);
    }
    if (fields != null) {
      predicted = withoutTakenOverFields(predicted, fields, desired.applyConfiguration());
    }
    return compare(desired, liveObject, predicted, conflicts, takeOverManagers, forceSafe);
  }

  /**
   * After a take-over the fields only kubectl owned, and that Git does not name, are removed by the
   * apply; a dry run cannot show that, since the take-over happens in a separate request.
   */
  private static ObjectNode withoutTakenOverFields(
      ObjectNode predicted, ManagedFields fields, JsonNode applyConfiguration) {
    var result = predicted.deepCopy();
    var others = fields.ownedByOthers();
    var imperative = fields.metadataOfImperativeKubectl();
    for (var path : fields.ownedByTakeOverManagers()) {
      if (!path.existsIn(applyConfiguration)
          && !others.contains(path)
          && !(imperative.contains(path) && path.isMetadataOutside(applyConfiguration))) {
        path.removeFrom(result);
      }
    }
    return result;
  }

  private ObjectPlan compare(
      DesiredObject desired,
      ObjectNode liveObject,
      ObjectNode predicted,
      List<FieldConflict> conflicts,
      List<String> takeOverManagers,
      boolean forceSafe) {
    var schema = desired.schema();
    var after = Normalizer.normalize(predicted, schema);
    var before = liveObject == null ? null : Normalizer.normalize(liveObject, schema);
    if (before != null && before.equals(after)) {
      return unchanged(desired, liveObject, "equal once the server's defaults are applied");
    }
    var action = before == null ? Action.CREATED : Action.CONFIGURED;
    var patch =
        JsonDiff.asJson(before == null ? JsonNodeFactory.instance.objectNode() : before, after);
    var text = TextDiff.unified(desired.id().toString(), before, after);
    var note = before == null ? null : RuleOrder.describeReorder(before, after);
    var result =
        new ObjectResult(
            desired.id(),
            action,
            null,
            desired.source(),
            patch,
            text,
            note != null ? note : message(conflicts, forceSafe, takeOverManagers));
    return new ObjectPlan(
        desired, liveObject, result, conflicts, !takeOverManagers.isEmpty(), forceSafe);
  }

  private String message(
      List<FieldConflict> conflicts, boolean forceSafe, List<String> takeOverManagers) {
    if (!conflicts.isEmpty() && !forceSafe && !options.forceConflicts()) {
      return "conflict with %s; apply refuses it without --force-conflicts"
          .formatted(Conflicts.describe(conflicts));
    }
    if (!takeOverManagers.isEmpty()) {
      return "taking field ownership from %s, so that fields removed from Git are removed"
          .formatted(String.join(", ", takeOverManagers));
    }
    return null;
  }

  /** The kubectl managers apply takes fields from, as the plan's message names them. */
  private static List<String> takeOverManagers(ObjectNode liveObject, ManagedFields fields) {
    if (fields == null) {
      return List.of();
    }
    var managers = fields.takeOverManagers();
    var lastApplied =
        liveObject
            .path("metadata")
            .path("annotations")
            .has("kubectl.kubernetes.io/last-applied-configuration");
    return lastApplied
        ? managers.stream()
            .map(
                m ->
                    m.equals("kubectl-client-side-apply")
                        ? m + " (last-applied-configuration present)"
                        : m)
            .toList()
        : managers;
  }

  private static ObjectPlan unchanged(DesiredObject desired, ObjectNode live, String reason) {
    var result = ObjectResult.of(desired.id(), Action.UNCHANGED, desired.source(), reason);
    return new ObjectPlan(desired, live, result, List.of(), false, false);
  }
}

package dev.seccompsync.apply;

import dev.seccompsync.cluster.ApplyMode;
import dev.seccompsync.cluster.ClusterException;
import dev.seccompsync.cluster.ServerApply;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.Concurrently;
import dev.seccompsync.diff.ManagedFields;
import dev.seccompsync.diff.ObjectPlan;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.SpoKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Carries out plans with server-side apply, wave by wave in dependency order and in parallel within
 * a wave. Only objects the plan found different are sent; a failed object does not stop the others,
 * but the objects that depend on it are skipped rather than applied against a missing base.
 */
public final class Applier {
  private static final Logger log = LoggerFactory.getLogger(Applier.class);

  private final ServerApply server;
  private final ApplyOptions options;

  public Applier(ServerApply server, ApplyOptions options) {
    this.server = server;
    this.options = options;
  }

  /** Applies the plans and returns one result per plan, in a stable order. */
  public List<ObjectResult> apply(List<ObjectPlan> plans) {
    return run(plans, true);
  }

  /**
   * What {@link #apply} would return, without sending anything: the same order, conflicts and
   * skipped dependents. This is what {@code diff} and {@code apply --dry-run=server} report.
   */
  public List<ObjectResult> predict(List<ObjectPlan> plans) {
    return run(plans, false);
  }

  private List<ObjectResult> run(List<ObjectPlan> plans, boolean send) {
    var order = ApplyOrder.of(plans);
    var results = new ArrayList<ObjectResult>();
    order.cycles().forEach((id, cycle) -> results.add(cycleFailure(plans, id, cycle)));
    var failed = ConcurrentHashMap.<ObjectId>newKeySet();
    failed.addAll(order.cycles().keySet());
    for (var wave : order.waves()) {
      results.addAll(
          Concurrently.map(wave, options.concurrency(), plan -> applyOne(plan, failed, send)));
    }
    results.sort(java.util.Comparator.comparing(ObjectResult::id));
    return results;
  }

  private ObjectResult applyOne(ObjectPlan plan, Set<ObjectId> failed, boolean send) {
    var result = plan.result();
    if (result.action() == Action.FAILED) {
      failed.add(plan.desired().id());
      return result;
    }
    if (!plan.needsApply()) {
      return result;
    }
    if (options.held().contains(plan.desired().id())) {
      failed.add(plan.desired().id());
      return result.withAction(
          Action.SKIPPED, "not applied: backing off after earlier failures; retried later");
    }
    var blocker = failedDependency(plan, failed);
    if (blocker != null) {
      failed.add(plan.desired().id());
      return result.withAction(Action.SKIPPED, "not applied: %s failed".formatted(blocker));
    }
    if (!plan.conflicts().isEmpty() && !plan.forceSafe() && !options.forceConflicts()) {
      failed.add(plan.desired().id());
      return result.withAction(Action.FAILED, result.message());
    }
    if (!send) {
      return result;
    }
    try {
      if (plan.takeOver()) {
        takeOver(plan);
      }
      var force = options.forceConflicts() || plan.forceSafe();
      server.apply(
          plan.desired().info(), plan.desired().applyConfiguration(), ApplyMode.write(force));
      log.debug("{} {}", plan.desired().id(), result.action().wireName());
      return result;
    } catch (ClusterException e) {
      failed.add(plan.desired().id());
      return result.withAction(Action.FAILED, e.getMessage());
    }
  }

  /**
   * Moves the fields kubectl owns to seccomp-sync's apply entry in one JSON patch, guarded by the
   * resourceVersion the plan saw, so that the apply which follows removes what Git dropped.
   */
  private void takeOver(ObjectPlan plan) {
    var live = plan.live();
    var desired = plan.desired();
    var managedFields =
        ManagedFields.of(live)
            .withTakeOver(desired.manifest().apiVersion(), live, desired.applyConfiguration());
    var nodes = JsonNodeFactory.instance;
    var patch = nodes.arrayNode();
    patch
        .addObject()
        .put("op", "test")
        .put("path", "/metadata/resourceVersion")
        .put("value", live.path("metadata").path("resourceVersion").asString());
    patch
        .addObject()
        .put("op", "replace")
        .put("path", "/metadata/managedFields")
        .set("value", managedFields);
    server.patch(desired.info(), desired.applyConfiguration(), patch);
  }

  private static String failedDependency(ObjectPlan plan, Set<ObjectId> failed) {
    var base = ApplyOrder.baseOf(plan);
    if (base != null && failed.contains(base)) {
      return "its base profile " + base;
    }
    var id = plan.desired().id();
    if (id.kind() == SpoKind.PROFILE_BINDING) {
      var profile = plan.desired().manifest().body().path("spec").path("profileRef");
      var kind = SpoKind.fromKind(profile.path("kind").asString()).orElse(null);
      if (kind != null) {
        var profileId =
            failed.stream()
                .filter(f -> f.kind() == kind && f.name().equals(profile.path("name").asString()))
                .findFirst();
        if (profileId.isPresent()) {
          return "its profile " + profileId.get();
        }
      }
    }
    return null;
  }

  private static ObjectResult cycleFailure(
      List<ObjectPlan> plans, ObjectId id, List<ObjectId> cycle) {
    var source =
        plans.stream()
            .filter(p -> p.desired().id().equals(id))
            .findFirst()
            .map(p -> p.desired().source())
            .orElse(null);
    var names = cycle.stream().map(ObjectId::name).collect(Collectors.joining(" -> "));
    return ObjectResult.of(
        id,
        Action.FAILED,
        source,
        "baseProfileName cycle %s; break the cycle in Git".formatted(names));
  }
}

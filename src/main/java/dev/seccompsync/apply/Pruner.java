package dev.seccompsync.apply;

import dev.seccompsync.cluster.ClusterException;
import dev.seccompsync.cluster.ObjectDeleter;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.Ownership;
import dev.seccompsync.manifest.ObjectId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries out a prune plan: re-reads each object just before its DELETE and checks again that it is
 * a member, managed by seccomp-sync and not marked to keep; deletes it with a uid precondition; and
 * waits a bounded time for it to go. An object that finalizers hold is reported pending, with its
 * blockers, and is not deleted again on the next run; finalizers are never removed.
 */
public final class Pruner {
  private static final Logger log = LoggerFactory.getLogger(Pruner.class);

  private static final String PENDING = "deletion pending — ";
  private static final String STILL_PENDING = "still pending — ";

  private final ObjectDeleter deleter;
  private final Clock clock;

  public Pruner(ObjectDeleter deleter, Clock clock) {
    this.deleter = deleter;
    this.clock = clock;
  }

  /** Deletes what the plan allows, dependents before their bases, and reports each candidate. */
  public List<ObjectResult> execute(PrunePlan plan, String applySetId, PruneOptions options) {
    return execute(plan, applySetId, options, false);
  }

  /**
   * Like {@link #execute(PrunePlan, String, PruneOptions)}, or with {@code dryRun} the server's
   * answer to each DELETE as a dry run: permissions and preconditions are checked, nothing is
   * deleted and nothing is waited for.
   */
  public List<ObjectResult> execute(
      PrunePlan plan, String applySetId, PruneOptions options, boolean dryRun) {
    var results = new LinkedHashMap<ObjectId, ObjectResult>();
    var accepted = new LinkedHashMap<ObjectId, PruneCandidate>();
    for (var candidate : deletionOrder(plan.candidates())) {
      switch (candidate.decision()) {
        case KEEP ->
            results.put(
                candidate.id(),
                ObjectResult.of(
                    candidate.id(), Action.SKIPPED, candidate.source(), candidate.reason()));
        case TERMINATING ->
            results.put(
                candidate.id(),
                ObjectResult.of(
                    candidate.id(),
                    Action.PENDING,
                    candidate.source(),
                    STILL_PENDING + describe(candidate.live())));
        case DELETE -> {
          var result = deleteOne(candidate, applySetId, dryRun);
          if (result == null) {
            accepted.put(candidate.id(), candidate);
          } else {
            results.put(candidate.id(), result);
          }
        }
      }
    }
    results.putAll(awaitGone(accepted, options));
    var sorted = new ArrayList<>(results.values());
    sorted.sort(java.util.Comparator.comparing(ObjectResult::id));
    return sorted;
  }

  /** Sends the DELETE; {@code null} when the server accepted it and the object may linger. */
  private ObjectResult deleteOne(PruneCandidate candidate, String applySetId, boolean dryRun) {
    var id = candidate.id();
    try {
      var fresh = deleter.get(candidate.info(), id.namespace(), id.name());
      if (fresh == null) {
        return ObjectResult.of(id, Action.PRUNED, candidate.source(), "already gone");
      }
      var changed = recheck(fresh, candidate, applySetId);
      if (changed != null) {
        return ObjectResult.of(id, Action.SKIPPED, candidate.source(), changed);
      }
      if (fresh.path("metadata").hasNonNull("deletionTimestamp")) {
        return ObjectResult.of(
            id, Action.PENDING, candidate.source(), STILL_PENDING + describe(fresh));
      }
      var outcome =
          deleter.delete(candidate.info(), id.namespace(), id.name(), candidate.uid(), dryRun);
      log.debug("{} delete {}{}", id, outcome, dryRun ? " (dry run)" : "");
      if (dryRun) {
        return ObjectResult.of(id, Action.PRUNED, candidate.source(), "gone from Git");
      }
      return outcome == ObjectDeleter.Outcome.GONE
          ? ObjectResult.of(id, Action.PRUNED, candidate.source(), "already gone")
          : null;
    } catch (ClusterException e) {
      return ObjectResult.of(id, Action.FAILED, candidate.source(), e.getMessage());
    }
  }

  /** Why the object may no longer be deleted, or {@code null} when it still may. */
  private static String recheck(ObjectNode fresh, PruneCandidate candidate, String applySetId) {
    if (!candidate.uid().equals(fresh.path("metadata").path("uid").asString())) {
      return "not pruned: replaced since it was listed (new uid); the next run decides";
    }
    if (!applySetId.equals(PrunePlanner.label(fresh, Ownership.PART_OF_LABEL))) {
      return "not pruned: no longer a member of the inventory";
    }
    if (!PrunePlanner.managedBySeccompSync(fresh)) {
      return "not pruned: seccomp-sync is no longer among its field managers";
    }
    if ("disabled".equalsIgnoreCase(PrunePlanner.annotation(fresh, Ownership.PRUNE_ANNOTATION))) {
      return "kept: " + Ownership.PRUNE_ANNOTATION + ": disabled";
    }
    return null;
  }

  private Map<ObjectId, ObjectResult> awaitGone(
      Map<ObjectId, PruneCandidate> accepted, PruneOptions options) {
    var results = new LinkedHashMap<ObjectId, ObjectResult>();
    var remaining = new LinkedHashMap<>(accepted);
    var deadline = clock.millis() + options.deletionWait().toMillis();
    var last = new LinkedHashMap<ObjectId, ObjectNode>();
    while (!remaining.isEmpty()) {
      for (var it = remaining.values().iterator(); it.hasNext(); ) {
        var candidate = it.next();
        var id = candidate.id();
        try {
          var fresh = deleter.get(candidate.info(), id.namespace(), id.name());
          if (fresh == null
              || !candidate.uid().equals(fresh.path("metadata").path("uid").asString())) {
            results.put(
                id, ObjectResult.of(id, Action.PRUNED, candidate.source(), "gone from Git"));
            it.remove();
          } else {
            last.put(id, fresh);
          }
        } catch (ClusterException e) {
          results.put(id, ObjectResult.of(id, Action.FAILED, candidate.source(), e.getMessage()));
          it.remove();
        }
      }
      if (remaining.isEmpty() || clock.millis() >= deadline) {
        break;
      }
      sleep(Math.min(200, Math.max(1, deadline - clock.millis())));
    }
    remaining.forEach(
        (id, candidate) -> {
          var live = last.getOrDefault(id, candidate.live());
          results.put(
              id,
              ObjectResult.of(id, Action.PENDING, candidate.source(), PENDING + describe(live)));
        });
    return results;
  }

  /** The finalizers that hold an object, with what each one waits for. */
  private String describe(JsonNode live) {
    var finalizers = new ArrayList<String>();
    live.path("metadata").path("finalizers").forEach(f -> finalizers.add(f.asString()));
    if (finalizers.isEmpty()) {
      return "deletion in progress";
    }
    var parts = new ArrayList<String>();
    for (var finalizer : finalizers) {
      parts.add(finalizer + detail(finalizer, live));
    }
    return "blocked by finalizers " + joinAnd(parts);
  }

  private String detail(String finalizer, JsonNode live) {
    if (finalizer.equals("in-use-by-active-pods")) {
      var workloads = new ArrayList<String>();
      live.path("status").path("activeWorkloads").forEach(w -> workloads.add(w.asString()));
      return workloads.isEmpty() ? "" : " (active workloads: " + String.join(", ", workloads) + ")";
    }
    if (finalizer.endsWith("-delete")) {
      var node = finalizer.substring(0, finalizer.length() - "-delete".length());
      return deleter
          .nodeExists(node)
          .map(
              exists ->
                  exists
                      ? " (node %s has not released it yet)".formatted(node)
                      : " (node %s not found)".formatted(node))
          .orElse("");
    }
    return "";
  }

  private static String joinAnd(List<String> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1);
  }

  /** Candidates that are no other candidate's base come first, so dependents go before bases. */
  private static List<PruneCandidate> deletionOrder(List<PruneCandidate> candidates) {
    Set<String> bases = new HashSet<>();
    candidates.forEach(
        c -> {
          var base = c.live().path("spec").path("baseProfileName").asString("");
          if (!base.isEmpty()) {
            bases.add(c.id().namespace() + "/" + base);
          }
        });
    var first = new ArrayList<PruneCandidate>();
    var later = new ArrayList<PruneCandidate>();
    for (var c : candidates) {
      (bases.contains(c.id().namespace() + "/" + c.id().name()) ? later : first).add(c);
    }
    first.addAll(later);
    return first;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.seccompsync.apply;

import dev.seccompsync.diff.ObjectPlan;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.SpoKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts plans into waves that can be applied in parallel: every base profile in a wave before the
 * profiles that name it in {@code baseProfileName}, all profiles before recordings, recordings
 * before bindings. A cycle of base profiles cannot be applied and is reported by name.
 */
public final class ApplyOrder {

  private final List<List<ObjectPlan>> waves;
  private final Map<ObjectId, List<ObjectId>> cycles;

  private ApplyOrder(List<List<ObjectPlan>> waves, Map<ObjectId, List<ObjectId>> cycles) {
    this.waves = waves;
    this.cycles = cycles;
  }

  /** The waves, in the order they are applied. */
  public List<List<ObjectPlan>> waves() {
    return waves;
  }

  /** Objects on a base-profile cycle, each with the cycle it is on. */
  public Map<ObjectId, List<ObjectId>> cycles() {
    return cycles;
  }

  public static ApplyOrder of(List<ObjectPlan> plans) {
    var byId = new LinkedHashMap<ObjectId, ObjectPlan>();
    plans.forEach(p -> byId.put(p.desired().id(), p));
    var depth = new HashMap<ObjectId, Integer>();
    var cycles = new LinkedHashMap<ObjectId, List<ObjectId>>();
    for (var id : byId.keySet()) {
      depthOf(id, byId, depth, new ArrayList<>(), cycles);
    }
    var staged = new java.util.TreeMap<Integer, List<ObjectPlan>>();
    for (var plan : plans) {
      var id = plan.desired().id();
      if (cycles.containsKey(id)) {
        continue;
      }
      int stage =
          id.kind().applyStage() * 1000
              + (id.kind() == SpoKind.SECCOMP_PROFILE ? depth.get(id) : 0);
      staged.computeIfAbsent(stage, s -> new ArrayList<>()).add(plan);
    }
    var waves = new ArrayList<List<ObjectPlan>>();
    staged
        .values()
        .forEach(
            w ->
                waves.add(w.stream().sorted(Comparator.comparing(p -> p.desired().id())).toList()));
    return new ApplyOrder(waves, cycles);
  }

  /** The number of base profiles below this one in Git; 0 for a profile without a base in Git. */
  private static int depthOf(
      ObjectId id,
      Map<ObjectId, ObjectPlan> byId,
      Map<ObjectId, Integer> depth,
      List<ObjectId> path,
      Map<ObjectId, List<ObjectId>> cycles) {
    if (depth.containsKey(id)) {
      return depth.get(id);
    }
    if (path.contains(id)) {
      var cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
      cycle.add(id);
      cycle.forEach(member -> cycles.put(member, cycle));
      return 0;
    }
    var base = baseOf(byId.get(id));
    int result = 0;
    if (base != null && byId.containsKey(base)) {
      path.add(id);
      result = depthOf(base, byId, depth, path, cycles) + 1;
      path.remove(path.size() - 1);
    }
    depth.put(id, result);
    return result;
  }

  /** The Git object a profile names as its base, if Git defines it. */
  static ObjectId baseOf(ObjectPlan plan) {
    if (plan == null || plan.desired().id().kind() != SpoKind.SECCOMP_PROFILE) {
      return null;
    }
    var base = plan.desired().manifest().baseProfileName();
    if (base == null || base.startsWith("oci://")) {
      return null;
    }
    var id = plan.desired().id();
    return new ObjectId(SpoKind.SECCOMP_PROFILE, id.namespace(), base);
  }
}

package dev.seccompsync.sync;

import dev.seccompsync.apply.Applier;
import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.apply.PrunePlan;
import dev.seccompsync.apply.PrunePlanner;
import dev.seccompsync.apply.Pruner;
import dev.seccompsync.cluster.Inventory;
import dev.seccompsync.cluster.InventoryStore;
import dev.seccompsync.cluster.ObjectDeleter;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.cluster.ServerApply;
import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.diff.DesiredState;
import dev.seccompsync.diff.DriftAnalysis;
import dev.seccompsync.diff.LiveState;
import dev.seccompsync.diff.ObjectPlan;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.Ownership;
import dev.seccompsync.diff.PlanOptions;
import dev.seccompsync.diff.Planner;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.Origin;
import dev.seccompsync.manifest.Problem;
import dev.seccompsync.manifest.SpoKind;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one engine behind {@code diff}, {@code apply}, {@code drift} and every pass of {@code
 * reconcile}: read the cluster's SPO catalog, place Git's manifests on it, read the live objects
 * once, plan, and then report, apply (and prune) or analyse. Every command takes the same path, so
 * what {@code diff} predicts is what {@code apply} does.
 */
public final class SyncEngine {

  private final KubernetesClient client;
  private final RequestLog requests;
  private final ClusterView view;
  private final Clock clock;

  public SyncEngine(KubernetesClient client, RequestLog requests) {
    this(client, requests, new ClusterView.Listing(client), Clock.systemUTC());
  }

  /**
   * @param view where live state comes from: fresh LISTs, or the reconciler's watch cache
   */
  public SyncEngine(KubernetesClient client, RequestLog requests, ClusterView view, Clock clock) {
    this.client = client;
    this.requests = requests;
    this.view = view;
    this.clock = clock;
  }

  /** What the cluster would change to match Git; writes nothing. */
  public RunResult diff(Source source, PlanOptions options) {
    return diff(source, ApplyOptions.of(options));
  }

  /** What apply with these options would do, prunes included; writes nothing. */
  public RunResult diff(Source source, ApplyOptions options) {
    var inventory = readInventory(options);
    var prepared = prepare(source, options.planOptions(), options.prune().enabled(), inventory);
    var applier = new Applier(new ServerApply(client), options);
    var results = new ArrayList<>(applier.predict(prepared.plans()));
    var problems = new ArrayList<>(prepared.problems());
    if (options.prune().enabled()) {
      var plan = prunePlan(prepared, inventory, options, source);
      results.addAll(
          new Pruner(new ObjectDeleter(client), clock)
              .execute(plan, inventory.id(), options.prune(), true));
      refusal(plan, problems);
    }
    return result("diff", source, prepared.withProblems(problems), results, true);
  }

  /**
   * Applies what differs, and with pruning deletes what left Git; or, with {@code dryRun}, reports
   * what would be done after the server's dry run.
   */
  public RunResult apply(Source source, ApplyOptions options, boolean dryRun) {
    var inventory = readInventory(options);
    var prepared = prepare(source, options.planOptions(), options.prune().enabled(), inventory);
    var store = new InventoryStore(client);
    if (inventory != null && !dryRun) {
      var widened = widened(inventory, prepared);
      if (!widened.equals(inventory)) {
        store.write(widened);
      }
    }
    var applier = new Applier(new ServerApply(client), options);
    var results =
        new ArrayList<>(
            dryRun ? applier.predict(prepared.plans()) : applier.apply(prepared.plans()));
    var problems = new ArrayList<>(prepared.problems());
    if (options.prune().enabled()) {
      var plan = prunePlan(prepared, inventory, options, source);
      refusal(plan, problems);
      results.addAll(
          new Pruner(new ObjectDeleter(client), clock)
              .execute(plan, inventory.id(), options.prune(), dryRun));
    }
    results.sort(java.util.Comparator.comparing(ObjectResult::id));
    var foreign =
        inventory != null
            && inventory.source() != null
            && !inventory.source().equals(location(source))
            && !options.prune().adoptInventory();
    if (foreign && !options.prune().enabled()) {
      problems.add(
          Problem.warning(
              Origin.file("(inventory)"),
              ("inventory %s was last applied from %s, and this run reads %s; it keeps recording"
                      + " the first, so a prune from here is refused; give each repository its own"
                      + " --inventory")
                  .formatted(inventory.ref(), inventory.source(), location(source))));
    }
    if (inventory != null && !dryRun) {
      var recorded = recorded(inventory, prepared, source, results);
      if (foreign) {
        recorded =
            new Inventory(
                recorded.ref(),
                recorded.groupKinds(),
                recorded.namespaces(),
                recorded.revision(),
                recorded.appliedAt(),
                inventory.source(),
                recorded.counts());
      }
      if (worthWriting(inventory, recorded, results)) {
        store.write(recorded);
      }
    }
    return result("apply", source, prepared.withProblems(problems), results, dryRun);
  }

  /** Every difference and hazard between Git and the cluster; writes nothing. */
  public RunResult drift(Source source, PlanOptions options) {
    var prepared = prepare(source, options, true, null);
    var namespaces = view.namespaceLabels();
    var problems = new ArrayList<>(prepared.problems());
    if (namespaces == null) {
      problems.add(
          Problem.warning(
              Origin.file("(cluster)"),
              "cannot list namespaces, so bindings in namespaces without"
                  + " spo.x-k8s.io/enable-binding are not reported; grant list on namespaces"));
    }
    var predicted =
        new Applier(new ServerApply(client), ApplyOptions.of(options)).predict(prepared.plans());
    var results =
        DriftAnalysis.analyse(
            withResults(prepared.plans(), predicted), prepared.live(), namespaces);
    return result("drift", source, prepared.withProblems(problems), results, true);
  }

  /** The inventory the options name, read from the cluster; {@code null} when none is used. */
  private Inventory readInventory(ApplyOptions options) {
    var ref = options.effectiveInventory();
    return ref == null ? null : new InventoryStore(client).read(ref);
  }

  /**
   * @param everyKind whether to read the kinds Git does not use as well, as drift and prune need
   *     for the objects that are only in the cluster
   * @param inventory the inventory applied objects join; without one, an object keeps the
   *     membership it has
   */
  private Prepared prepare(
      Source source, PlanOptions options, boolean everyKind, Inventory inventory) {
    var catalog = view.catalog();
    catalog.requireServed(source.manifests().stream().map(m -> m.kind()).toList());
    var desired = DesiredState.resolve(source.manifests(), catalog, client.getNamespace());
    var listingProblems = new ArrayList<Problem>();
    var live = view.live(catalog, desired.versionsInUse(), everyKind, listingProblems);
    desired = desired.withMembership(id -> membership(id, inventory, live));
    var plans = new Planner(new ServerApply(client), options).planAll(desired.objects(), live);
    var problems = new ArrayList<Problem>(source.problems());
    problems.addAll(desired.problems());
    problems.addAll(listingProblems);
    return new Prepared(catalog, live, desired, plans, problems);
  }

  private static String membership(ObjectId id, Inventory inventory, LiveState live) {
    if (inventory != null) {
      return inventory.id();
    }
    for (var version :
        live.catalog().find(id.kind()).map(k -> k.servedVersions()).orElse(List.of())) {
      var object = live.get(id, version);
      if (object != null) {
        var label = object.path("metadata").path("labels").path(Ownership.PART_OF_LABEL);
        return label.isString() ? label.asString() : null;
      }
    }
    return null;
  }

  private static PrunePlan prunePlan(
      Prepared prepared, Inventory inventory, ApplyOptions options, Source source) {
    Set<ObjectId> inGit = new java.util.HashSet<>(prepared.desired().byId().keySet());
    var inputErrors = prepared.problems().stream().filter(Problem::isError).count();
    var problemFiles = new java.util.HashMap<String, String>();
    prepared.problems().forEach(p -> problemFiles.putIfAbsent(p.origin().path(), p.message()));
    var plan =
        PrunePlanner.plan(inventory.id(), inGit, prepared.live(), options.prune(), inputErrors)
            .keepingFilesWithProblems(problemFiles);
    var current = location(source);
    if (inventory.source() != null
        && !inventory.source().equals(current)
        && !options.prune().adoptInventory()
        && plan.refusal() == null) {
      return plan.refused(
          ("prune refused: inventory %s was last applied from %s, and this run reads %s; give each"
                  + " repository its own --inventory, or pass --adopt-inventory to take it over")
              .formatted(inventory.ref(), inventory.source(), current));
    }
    return plan;
  }

  /** The repository as the inventory records it: a URL, or an absolute path. */
  static String location(Source source) {
    var repository = source.snapshot().repository();
    if (repository.contains("://") || repository.matches("^[\\w.-]+@[\\w.-]+:.*")) {
      return repository;
    }
    return java.nio.file.Path.of(repository).toAbsolutePath().normalize().toString();
  }

  private static void refusal(PrunePlan plan, List<Problem> problems) {
    if (plan.refusal() != null) {
      problems.add(Problem.error(Origin.file("(prune)"), plan.refusal()));
    }
  }

  /** The inventory before the apply: its kinds and namespaces widened by Git's. */
  private static Inventory widened(Inventory inventory, Prepared prepared) {
    var kinds = new TreeSet<>(inventory.groupKinds());
    var namespaces = new TreeSet<>(inventory.namespaces());
    addDesired(prepared, kinds, namespaces);
    return new Inventory(
        inventory.ref(),
        kinds,
        namespaces,
        inventory.revision(),
        inventory.appliedAt(),
        inventory.source(),
        inventory.counts());
  }

  /**
   * The inventory after the apply: the kinds and namespaces of Git's objects and of the members
   * still in the cluster (kept or pending), the revision, and the counts.
   */
  private Inventory recorded(
      Inventory inventory, Prepared prepared, Source source, List<ObjectResult> results) {
    var kinds = new TreeSet<String>();
    var namespaces = new TreeSet<String>();
    addDesired(prepared, kinds, namespaces);
    for (var result : results) {
      if (result.action() == dev.seccompsync.diff.Action.PENDING
          || result.action() == dev.seccompsync.diff.Action.SKIPPED
          || result.action() == dev.seccompsync.diff.Action.FAILED) {
        kinds.add(groupKind(result.id().kind()));
        if (result.id().namespace() != null) {
          namespaces.add(result.id().namespace());
        }
      }
    }
    var counts = new TreeMap<String, Integer>();
    results.forEach(r -> counts.merge(r.action().wireName(), 1, Integer::sum));
    return new Inventory(
        inventory.ref(),
        kinds,
        namespaces,
        source.snapshot().commit(),
        clock.instant(),
        location(source),
        counts);
  }

  /**
   * Whether the record changed in substance: a new revision, other kinds or namespaces, or a run
   * that changed something. A run that found nothing to do writes nothing, not even the record.
   */
  private static boolean worthWriting(
      Inventory before, Inventory after, List<ObjectResult> results) {
    return results.stream().anyMatch(r -> r.action().isChange())
        || before.revision() == null
        || !before.revision().equals(after.revision())
        || !before.groupKinds().equals(after.groupKinds())
        || !before.namespaces().equals(after.namespaces());
  }

  private static void addDesired(Prepared prepared, Set<String> kinds, Set<String> namespaces) {
    for (var object : prepared.desired().objects()) {
      kinds.add(groupKind(object.id().kind()));
      if (object.id().namespace() != null) {
        namespaces.add(object.id().namespace());
      }
    }
  }

  static String groupKind(SpoKind kind) {
    return kind.kind() + "." + SpoKind.GROUP;
  }

  /** The plans with the results apply would give them (cycles, skipped dependents, conflicts). */
  private static List<ObjectPlan> withResults(List<ObjectPlan> plans, List<ObjectResult> results) {
    var byId = new HashMap<ObjectId, ObjectResult>();
    results.forEach(r -> byId.put(r.id(), r));
    return plans.stream()
        .map(p -> p.withResult(byId.getOrDefault(p.desired().id(), p.result())))
        .toList();
  }

  private RunResult result(
      String command,
      Source source,
      Prepared prepared,
      List<ObjectResult> objects,
      boolean dryRun) {
    return new RunResult(
        command,
        source.snapshot().commit(),
        prepared.catalog().server(),
        prepared.catalog().generation().name(),
        List.copyOf(objects),
        List.copyOf(prepared.problems()),
        requests.byVerb(),
        dryRun);
  }

  private record Prepared(
      SpoCatalog catalog,
      LiveState live,
      DesiredState desired,
      List<ObjectPlan> plans,
      List<Problem> problems) {

    Prepared withProblems(List<Problem> newProblems) {
      return new Prepared(catalog, live, desired, plans, newProblems);
    }
  }
}

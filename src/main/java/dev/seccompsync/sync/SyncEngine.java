package dev.seccompsync.sync;

import dev.seccompsync.apply.Applier;
import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.cluster.CatalogReader;
import dev.seccompsync.cluster.LiveReader;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.cluster.ServerApply;
import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.diff.DesiredState;
import dev.seccompsync.diff.DriftAnalysis;
import dev.seccompsync.diff.LiveState;
import dev.seccompsync.diff.ObjectPlan;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.PlanOptions;
import dev.seccompsync.diff.Planner;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.manifest.Problem;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The one engine behind {@code diff}, {@code apply} and {@code drift}: read the cluster's SPO
 * catalog, place Git's manifests on it, list the live objects once, plan, and then report, apply or
 * analyse. Every command takes the same path, so what {@code diff} predicts is what {@code apply}
 * does.
 */
public final class SyncEngine {

  private final KubernetesClient client;
  private final RequestLog requests;

  public SyncEngine(KubernetesClient client, RequestLog requests) {
    this.client = client;
    this.requests = requests;
  }

  /** What the cluster would change to match Git; writes nothing. */
  public RunResult diff(Source source, PlanOptions options) {
    var prepared = prepare(source, options);
    var applier = new Applier(new ServerApply(client), ApplyOptions.of(options));
    return result("diff", source, prepared, applier.predict(prepared.plans()));
  }

  /**
   * Applies what differs, or, with {@code dryRun}, reports what would be applied after the server's
   * dry run.
   */
  public RunResult apply(Source source, ApplyOptions options, boolean dryRun) {
    var prepared =
        prepare(source, new PlanOptions(options.forceConflicts(), options.concurrency()));
    var applier = new Applier(new ServerApply(client), options);
    var results = dryRun ? applier.predict(prepared.plans()) : applier.apply(prepared.plans());
    return result("apply", source, prepared, results, dryRun);
  }

  /** Every difference and hazard between Git and the cluster; writes nothing. */
  public RunResult drift(Source source, PlanOptions options) {
    var prepared = prepare(source, options, true);
    var namespaces = new NamespaceLabels(client).read();
    var problems = new ArrayList<>(prepared.problems());
    if (namespaces == null) {
      problems.add(
          Problem.warning(
              dev.seccompsync.manifest.Origin.file("(cluster)"),
              "cannot list namespaces, so bindings in namespaces without"
                  + " spo.x-k8s.io/enable-binding are not reported; grant list on namespaces"));
    }
    var predicted =
        new Applier(new ServerApply(client), ApplyOptions.of(options)).predict(prepared.plans());
    var results =
        DriftAnalysis.analyse(
            withResults(prepared.plans(), predicted), prepared.live(), namespaces);
    var withPrepared =
        new Prepared(prepared.catalog(), prepared.live(), prepared.plans(), problems);
    return result("drift", source, withPrepared, results);
  }

  private Prepared prepare(Source source, PlanOptions options) {
    return prepare(source, options, false);
  }

  /**
   * @param everyKind whether to list the kinds Git does not use as well, as drift needs for the
   *     objects that are only in the cluster
   */
  private Prepared prepare(Source source, PlanOptions options, boolean everyKind) {
    var catalog = new CatalogReader(client).read();
    catalog.requireServed(source.manifests().stream().map(m -> m.kind()).toList());
    var desired = DesiredState.resolve(source.manifests(), catalog, client.getNamespace());
    var listingProblems = new ArrayList<Problem>();
    var live =
        LiveState.read(
            new LiveReader(client), catalog, desired.versionsInUse(), everyKind, listingProblems);
    var plans = new Planner(new ServerApply(client), options).planAll(desired.objects(), live);
    var problems = new ArrayList<Problem>(source.problems());
    problems.addAll(desired.problems());
    problems.addAll(listingProblems);
    return new Prepared(catalog, live, plans, problems);
  }

  /** The plans with the results apply would give them (cycles, skipped dependents, conflicts). */
  private static List<ObjectPlan> withResults(List<ObjectPlan> plans, List<ObjectResult> results) {
    var byId = new HashMap<dev.seccompsync.manifest.ObjectId, ObjectResult>();
    results.forEach(r -> byId.put(r.id(), r));
    return plans.stream()
        .map(p -> p.withResult(byId.getOrDefault(p.desired().id(), p.result())))
        .toList();
  }

  private RunResult result(
      String command, Source source, Prepared prepared, List<ObjectResult> objects) {
    return result(command, source, prepared, objects, !command.equals("apply"));
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
      SpoCatalog catalog, LiveState live, List<ObjectPlan> plans, List<Problem> problems) {}
}

package dev.seccompsync.validate;

import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.git.SourceSnapshot;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.Problem;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.validate.Finding.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Checks a repository before it reaches a cluster: each object against the CRD schema of the target
 * generation, seccomp semantics, references between objects, the operator's policy, and what a move
 * to a newer generation needs. Offline by default; with a cluster's objects it also resolves
 * references to what only the cluster has.
 */
public final class Validator {

  private final SpoCatalog catalog;
  private final SyscallNames syscalls;
  private final LiveObjects live;
  private final List<OperatorPolicy> clusterPolicies;

  /**
   * @param catalog the target generation's kinds and schemas (bundled or the cluster's)
   * @param live the cluster's objects, or {@link LiveObjects#NONE}
   * @param clusterPolicies the operator's configuration read from the cluster, if any
   */
  public Validator(SpoCatalog catalog, LiveObjects live, List<OperatorPolicy> clusterPolicies) {
    this(catalog, SyscallNames.bundled(), live, clusterPolicies);
  }

  Validator(
      SpoCatalog catalog,
      SyscallNames syscalls,
      LiveObjects live,
      List<OperatorPolicy> clusterPolicies) {
    this.catalog = catalog;
    this.syscalls = syscalls;
    this.live = live;
    this.clusterPolicies = clusterPolicies;
  }

  /** The generation to check against when no cluster or flag names one. */
  public static GenerationGuess.Guess guess(List<Manifest> manifests) {
    return GenerationGuess.of(manifests);
  }

  public ValidationResult validate(
      SourceSnapshot snapshot,
      List<Manifest> manifests,
      List<Problem> loadProblems,
      String generationReason) {
    var contents = new LinkedHashMap<String, byte[]>();
    snapshot.files().forEach(f -> contents.put(f.path(), f.content()));
    var findings = new Findings(contents);
    loadProblems.forEach(p -> findings.add(fromProblem(p)));
    var migration = new MigrationCheck(catalog.generation(), findings);
    var seccomp = new SeccompCheck(syscalls, findings);
    var policies = new ArrayList<>(OperatorPolicy.fromFiles(contents));
    policies.addAll(clusterPolicies);
    var policy = new PolicyCheck(policies, findings);
    for (var manifest : manifests) {
      var info = catalog.find(manifest.kind()).orElse(null);
      if (info == null) {
        findings.add(
            Severity.ERROR,
            "unknown-kind",
            manifest,
            "/kind",
            "generation %s has no kind %s".formatted(catalog.generation(), manifest.kind().kind()),
            "check --generation");
        continue;
      }
      var served = migration.check(manifest, info);
      if (manifest.kind() == SpoKind.SECCOMP_PROFILE) {
        seccomp.check(manifest);
        policy.check(manifest);
      }
      if (served) {
        schema(manifest, info.schemas().get(manifest.version()), findings);
      }
    }
    new ReferenceCheck(catalog, live, findings).check(manifests);
    var sorted = new ArrayList<>(findings.all());
    sorted.sort(
        Comparator.comparing(Finding::path)
            .thenComparingInt(Finding::line)
            .thenComparing(f -> f.pointer() == null ? "" : f.pointer())
            .thenComparing(Finding::rule));
    return new ValidationResult(
        snapshot.repository(),
        snapshot.commit(),
        catalog.generation().name(),
        generationReason,
        manifests.size(),
        snapshot.files().size(),
        List.copyOf(sorted));
  }

  /** Schema findings, except where a more specific check already spoke about the field. */
  private static void schema(
      Manifest manifest, tools.jackson.databind.JsonNode schema, Findings findings) {
    if (schema == null) {
      return;
    }
    var body = manifest.body().deepCopy();
    // metadata is checked by the loader and the server; its schema is just "object"
    body.remove("metadata");
    for (var violation : SchemaCheck.check(body, schema)) {
      var pointer = violation.pointer();
      if (pointer.startsWith("/apiVersion") || pointer.startsWith("/kind")) {
        continue;
      }
      if (findings.has(manifest, pointer)) {
        continue;
      }
      findings.add(
          Severity.ERROR, "schema", manifest, pointer, violation.message(), violation.fix());
    }
  }

  private static Finding fromProblem(Problem problem) {
    var origin = problem.origin();
    return new Finding(
        problem.isError() ? Severity.ERROR : Severity.WARNING,
        "load",
        origin.path(),
        origin.line(),
        null,
        null,
        problem.message(),
        null);
  }
}

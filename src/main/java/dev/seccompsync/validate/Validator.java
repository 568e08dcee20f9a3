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
    duplicates(manifests, findings);
    for (var manifest : manifests) {
      try {
        check(manifest, migration, seccomp, policy, findings);
      } catch (RuntimeException e) {
        // One object must never stop the others; the finding says what broke.
        findings.add(
            Severity.ERROR,
            "internal",
            manifest,
            null,
            "a check failed on this object (%s: %s)"
                .formatted(e.getClass().getSimpleName(), String.valueOf(e.getMessage())),
            "report this with the object; the other objects were checked");
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

  private void check(
      Manifest manifest,
      MigrationCheck migration,
      SeccompCheck seccomp,
      PolicyCheck policy,
      Findings findings) {
    var info = catalog.find(manifest.kind()).orElse(null);
    if (info == null) {
      findings.add(
          Severity.ERROR,
          "unknown-kind",
          manifest,
          "/kind",
          "the cluster or generation %s serves no kind %s (is its CRD installed?)"
              .formatted(catalog.generation(), manifest.kind().kind()),
          "install the CRD, or check --generation");
      return;
    }
    name(manifest, findings);
    var served = migration.check(manifest, info);
    if (manifest.kind() == SpoKind.SECCOMP_PROFILE) {
      seccomp.check(manifest);
      policy.check(manifest);
    }
    if (served) {
      schema(manifest, info.schemas().get(manifest.version()), findings);
    }
  }

  /** The same object defined twice: neither is applied, as diff and apply say. */
  private void duplicates(List<Manifest> manifests, Findings findings) {
    var first = new java.util.HashMap<String, Manifest>();
    for (var manifest : manifests) {
      var namespaced = catalog.find(manifest.kind()).map(k -> k.namespaced()).orElse(true);
      var key =
          manifest.kind() + "/" + (namespaced ? manifest.namespace() : "") + "/" + manifest.name();
      var earlier = first.putIfAbsent(key, manifest);
      if (earlier != null && java.util.Objects.equals(earlier.namespace(), manifest.namespace())) {
        findings.add(
            Severity.ERROR,
            "duplicate-object",
            manifest,
            "/metadata/name",
            "%s is also defined at %s; neither is applied"
                .formatted(Findings.subject(manifest), earlier.origin()),
            "keep one definition");
      }
    }
  }

  private static final java.util.regex.Pattern DNS_SUBDOMAIN =
      java.util.regex.Pattern.compile(
          "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** Object names the API server accepts: DNS subdomains of at most 253 characters. */
  private static void name(Manifest manifest, Findings findings) {
    var name = manifest.name();
    if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      findings.add(
          Severity.ERROR,
          "schema",
          manifest,
          "/metadata/name",
          ("metadata.name %s is not a DNS subdomain (lower case letters, digits, '-' and '.', at"
                  + " most 253 characters); the server refuses it")
              .formatted(SeccompCheck.display(name)),
          "rename it");
    }
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
      if (findings.coveredBySpecificCheck(manifest, pointer)) {
        continue;
      }
      addSchemaFinding(manifest, body, violation, findings);
    }
  }

  /**
   * Schema findings are errors, except an empty leftover the server drops (a warning); a Docker
   * condition ({@code includes}, {@code excludes}) that would be dropped widens the rule.
   */
  private static void addSchemaFinding(
      Manifest manifest,
      tools.jackson.databind.JsonNode body,
      SchemaCheck.Violation violation,
      Findings findings) {
    var pointer = violation.pointer();
    var value = body.at(pointer);
    var field = pointer.substring(pointer.lastIndexOf('/') + 1);
    var unknown = violation.message().startsWith("unknown field");
    var empty =
        value.isNull()
            || (value.isString() && value.asString().isEmpty())
            || (value.isContainer() && value.isEmpty());
    var severity = unknown && empty ? Severity.WARNING : Severity.ERROR;
    var message = violation.message();
    var fix = violation.fix();
    if (unknown && !empty && (field.equals("includes") || field.equals("excludes"))) {
      message =
          "%s is not in the schema: the server would drop the condition and the rule would apply"
                  .formatted(field)
              + " to every container";
      fix = "split the rule per condition, or remove it";
    }
    findings.add(severity, "schema", manifest, pointer, message, fix);
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

package dev.seccompsync.validate;

import dev.seccompsync.cluster.KindInfo;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.validate.Finding.Severity;
import java.util.Locale;

/**
 * Manifests written for an older generation than the target: an unserved apiVersion, a namespace on
 * a kind that became cluster-scoped, and the booleans generation C replaced with enums (which the
 * server drops without a word, so that a disabled profile ends up enabled). Each finding names the
 * {@code migrate} command that rewrites the file.
 */
final class MigrationCheck {

  private final SpoGeneration target;
  private final Findings findings;

  MigrationCheck(SpoGeneration target, Findings findings) {
    this.target = target;
    this.findings = findings;
  }

  /** Checks one manifest; whether its schema can be checked at its version. */
  boolean check(Manifest manifest, KindInfo info) {
    var migrate =
        target == SpoGeneration.A
            ? "use apiVersion %s/%s, or check --generation"
                .formatted(SpoKind.GROUP, info.storageVersion())
            : "run seccomp-sync migrate --to " + target;
    boolean served = info.serves(manifest.version());
    if (!served) {
      findings.add(
          Severity.ERROR,
          "api-version",
          manifest,
          "/apiVersion",
          "apiVersion %s is not served in generation %s (served: %s)"
              .formatted(manifest.apiVersion(), target, String.join(", ", info.servedVersions())),
          migrate);
    }
    if (!info.namespaced() && manifest.namespace() != null) {
      findings.add(
          Severity.ERROR,
          "cluster-scoped-namespace",
          manifest,
          "/metadata/namespace",
          "%s is cluster-scoped in generation %s, but has metadata.namespace %s"
              .formatted(manifest.kind().kind(), target, manifest.namespace()),
          migrate);
    }
    if (target == SpoGeneration.C) {
      var spec = manifest.body().path("spec");
      if (spec.has("disabled")) {
        findings.add(
            Severity.ERROR,
            "removed-field",
            manifest,
            "/spec/disabled",
            ("spec.disabled is gone in generation C: the server drops it, so the profile stays"
                    + " enabled (it is spec.state: %s now)")
                .formatted(spec.path("disabled").asBoolean(false) ? "Disabled" : "Enabled"),
            migrate);
      }
      if (manifest.kind() == SpoKind.SELINUX_PROFILE && spec.has("permissive")) {
        findings.add(
            Severity.ERROR,
            "removed-field",
            manifest,
            "/spec/permissive",
            "spec.permissive is gone in generation C (it is spec.mode: Enforcing/Permissive now)",
            migrate);
      }
      if (manifest.kind() == SpoKind.APPARMOR_PROFILE && spec.has("complainMode")) {
        findings.add(
            Severity.ERROR,
            "removed-field",
            manifest,
            "/spec/complainMode",
            "spec.complainMode is gone in generation C (it is spec.mode: Enforce/Complain now)",
            migrate);
      }
      if (manifest.kind() == SpoKind.PROFILE_RECORDING && manifest.version().equals("v1")) {
        enumCase(manifest, spec, "recorder", migrate);
        enumCase(manifest, spec, "mergeStrategy", migrate);
      }
    }
    return served;
  }

  private void enumCase(
      Manifest manifest, tools.jackson.databind.JsonNode spec, String field, String migrate) {
    var value = spec.path(field).asString("");
    if (!value.isEmpty() && Character.isLowerCase(value.charAt(0))) {
      findings.add(
          Severity.ERROR,
          "enum-spelling",
          manifest,
          "/spec/" + field,
          "%s: %s is spelled %s in ProfileRecording v1"
              .formatted(
                  field,
                  value,
                  value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1)),
          migrate);
    }
  }
}

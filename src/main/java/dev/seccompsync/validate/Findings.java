package dev.seccompsync.validate;

import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.YamlLines;
import dev.seccompsync.validate.Finding.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects findings about manifests, finding the line of the field a finding points at in the
 * manifest's file.
 */
final class Findings {

  private final Map<String, byte[]> contents;
  private final List<Finding> list = new ArrayList<>();
  private final Map<String, Integer> lineCache = new HashMap<>();
  private final Map<String, YamlLines.Locator> locators = new HashMap<>();

  /**
   * @param contents the repository's files by path, to find lines in
   */
  Findings(Map<String, byte[]> contents) {
    this.contents = contents;
  }

  void add(
      Severity severity,
      String rule,
      Manifest manifest,
      String pointer,
      String message,
      String fix) {
    list.add(
        new Finding(
            severity,
            rule,
            manifest.origin().path(),
            line(manifest, pointer),
            subject(manifest),
            pointer,
            message,
            fix));
  }

  void add(Finding finding) {
    list.add(finding);
  }

  List<Finding> all() {
    return list;
  }

  /**
   * Whether a finding that replaces the schema's generic message was made at this field: the
   * specific checks say the same with a better fix.
   */
  boolean coveredBySpecificCheck(Manifest manifest, String pointer) {
    var subject = subject(manifest);
    return list.stream()
        .anyMatch(
            f ->
                subject.equals(f.object())
                    && pointer.equals(f.pointer())
                    && REPLACES_SCHEMA.contains(f.rule()));
  }

  private static final java.util.Set<String> REPLACES_SCHEMA =
      java.util.Set.of(
          "architecture-name",
          "errno-range",
          "api-version",
          "cluster-scoped-namespace",
          "removed-field",
          "enum-spelling",
          "empty-syscall-name");

  private int line(Manifest manifest, String pointer) {
    var origin = manifest.origin();
    if (pointer == null) {
      return origin.line();
    }
    var content = contents.get(origin.path());
    if (content == null) {
      return origin.line();
    }
    var key = origin.path() + "#" + origin.document() + pointer;
    var locator = locators.computeIfAbsent(origin.path(), p -> YamlLines.locator(content));
    return lineCache.computeIfAbsent(
        key, k -> locator.lineOf(origin.document(), pointer, origin.line()));
  }

  static String subject(Manifest manifest) {
    var namespace = manifest.namespace();
    return manifest.kind().kind()
        + "/"
        + (namespace == null || namespace.isEmpty() ? "" : namespace + "/")
        + manifest.name();
  }
}

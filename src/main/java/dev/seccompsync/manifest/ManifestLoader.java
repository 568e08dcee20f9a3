package dev.seccompsync.manifest;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the bytes of one repository file into SPO manifests and the problems found on the way. A
 * file is taken whole or not at all: when one of its documents is broken, none of its objects is
 * returned, so that a half-read file never looks like objects deleted from Git.
 */
public final class ManifestLoader {

  private final LoadOptions options;

  public ManifestLoader(LoadOptions options) {
    this.options = options;
  }

  /** Whether a repository path is one the loader reads: YAML and JSON files. */
  public static boolean isManifestPath(String path) {
    var lower = path.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
  }

  /** Reads one file; {@code path} is relative to the repository root. */
  public LoadResult load(String path, byte[] content) {
    if (content.length > options.maxFileBytes()) {
      return LoadResult.of(
          Problem.error(
              Origin.file(path),
              "file is %d bytes, larger than the %d-byte limit; split it into several files"
                  .formatted(content.length, options.maxFileBytes())));
    }
    List<YamlDocument> documents;
    try {
      documents = YamlDocuments.parse(content);
    } catch (YamlFormatException e) {
      var message = e.refused() ? e.getMessage() : "not valid YAML: " + e.getMessage();
      return LoadResult.of(
          Problem.error(
              new Origin(path, 0, e.line()), message + "; fix the file, nothing in it was read"));
    }
    var manifests = new ArrayList<Manifest>();
    var problems = new ArrayList<Problem>();
    for (var document : documents) {
      read(path, document, manifests, problems);
    }
    if (problems.stream().anyMatch(Problem::isError)) {
      manifests.clear();
    }
    return new LoadResult(manifests, problems);
  }

  private void read(
      String path, YamlDocument document, List<Manifest> out, List<Problem> problems) {
    var origin = new Origin(path, document.index(), document.line());
    for (var ambiguity : document.ambiguities()) {
      problems.add(ambiguous(path, document.index(), ambiguity));
    }
    JsonNode tree = document.tree();
    if (!(tree instanceof ObjectNode object)) {
      problems.add(
          Problem.error(
              origin,
              ("document %d is a YAML %s, expected a Kubernetes object (a mapping with apiVersion"
                      + " and kind); make each document one object")
                  .formatted(document.index() + 1, shape(tree))));
      return;
    }
    var notText = notText(object);
    if (notText != null) {
      problems.add(Problem.error(origin, notText + " must be a string; quote it"));
      return;
    }
    var apiVersion = text(object, "apiVersion");
    var kindName = text(object, "kind");
    if (apiVersion == null || kindName == null) {
      problems.add(Problem.error(origin, "document has no apiVersion or kind; add both"));
      return;
    }
    if (apiVersion.equals("v1") && kindName.equals("List")) {
      readList(path, document, object, out, problems);
      return;
    }
    var kind = SpoKind.fromKind(kindName);
    if (!SpoKind.isSpoApiVersion(apiVersion) || kind.isEmpty()) {
      problems.add(KindCheck.unmanaged(origin, kindName, apiVersion, options.strict()));
      return;
    }
    var metadata = object.path("metadata");
    var name = text(metadata, "name");
    if (name == null || name.isEmpty()) {
      problems.add(Problem.error(origin, kindName + " has no metadata.name; add one"));
      return;
    }
    out.add(
        new Manifest(kind.get(), apiVersion, name, text(metadata, "namespace"), object, origin));
  }

  /** A {@code v1 List}, as {@code kubectl get -o yaml} writes it: each item is an object. */
  private void readList(
      String path,
      YamlDocument document,
      ObjectNode list,
      List<Manifest> out,
      List<Problem> problems) {
    var items = list.path("items");
    for (int i = 0; i < items.size(); i++) {
      var item = new YamlDocument(document.index(), document.line(), items.get(i), List.of());
      read(path, item, out, problems);
    }
  }

  private static Problem ambiguous(String path, int document, YamlDocument.Ambiguity ambiguity) {
    var origin = new Origin(path, document, ambiguity.line());
    var reason =
        ambiguity.yaml11Boolean()
            ? "is a boolean for YAML 1.1 readers such as kubectl and a string for others"
            : "is not a string, and label and annotation values must be";
    return Problem.error(
        origin,
        "%s: %s %s; quote it: \"%s\""
            .formatted(ambiguity.path(), ambiguity.text(), reason, ambiguity.text()));
  }

  /** The first identity field that is present but not a string, such as a numeric namespace. */
  private static String notText(ObjectNode object) {
    for (var field : List.of("apiVersion", "kind")) {
      if (object.has(field) && !object.get(field).isString()) {
        return field;
      }
    }
    var metadata = object.path("metadata");
    for (var field : List.of("name", "namespace")) {
      if (metadata.has(field) && !metadata.get(field).isString() && !metadata.get(field).isNull()) {
        return "metadata." + field;
      }
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    var value = node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }

  private static String shape(JsonNode tree) {
    if (tree.isArray()) {
      return "sequence";
    }
    return tree.isString() ? "string" : "scalar";
  }

  /** What one file yielded. */
  public record LoadResult(List<Manifest> manifests, List<Problem> problems) {
    static LoadResult of(Problem problem) {
      return new LoadResult(List.of(), List.of(problem));
    }
  }
}

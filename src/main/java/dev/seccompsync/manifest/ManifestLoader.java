package dev.seccompsync.manifest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the bytes of one repository file into SPO manifests and the problems found on the way. A
 * file is taken whole or not at all: when one of its documents is broken, none of its objects is
 * returned, so that a half-read file never looks like objects deleted from Git.
 */
public final class ManifestLoader {

  private static final List<String> LFS_POINTERS =
      List.of(
          "version https://git-lfs.github.com/spec/", "version https://hawser.github.com/spec/");

  /** Git LFS pointers are about 130 bytes; its specification caps them below 1024. */
  private static final int MAX_LFS_POINTER_BYTES = 1024;

  /** How YAML writes null. */
  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

  private final LoadOptions options;

  public ManifestLoader(LoadOptions options) {
    this.options = options;
  }

  /** Whether a repository path is one the loader reads: YAML and JSON files. */
  public static boolean isManifestPath(String path) {
    var lower = path.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml") || isJsonPath(path);
  }

  /**
   * Whether a file is a Git LFS pointer: the few lines Git stores in place of a file that Git LFS
   * keeps elsewhere, which a clone without LFS checks out as they are.
   */
  public static boolean isLfsPointer(byte[] content) {
    if (content.length >= MAX_LFS_POINTER_BYTES) {
      return false;
    }
    var text = new String(content, StandardCharsets.UTF_8);
    return LFS_POINTERS.stream().anyMatch(text::startsWith);
  }

  /** The error for a Git LFS pointer, for the file as a whole. */
  public static Problem lfsPointer(String path) {
    return Problem.error(
        Origin.file(path),
        "Git LFS pointer, content not available: the repository holds the pointer, not the"
            + " file; store manifests without LFS (objects in it are not treated as deleted)");
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
    if (isLfsPointer(content)) {
      return LoadResult.of(lfsPointer(path));
    }
    YamlDocuments.Parsed parsed;
    try {
      parsed = YamlDocuments.read(content);
    } catch (YamlFormatException e) {
      return LoadResult.of(Problem.error(new Origin(path, 0, e.line()), unreadable(path, e)));
    }
    var manifests = new ArrayList<Manifest>();
    var problems = new ArrayList<Problem>();
    if (parsed.encodingDeduced()) {
      problems.add(
          Problem.warning(
              Origin.file(path),
              ("file is %s without a byte order mark, read by the pattern of its NUL bytes; save"
                      + " it as UTF-8 so that other tools read it too")
                  .formatted(parsed.encoding())));
    }
    var documents = parsed.documents();
    for (var document : documents) {
      for (var ambiguity : document.ambiguities()) {
        problems.add(ambiguous(path, document.index(), ambiguity));
      }
    }
    if (isJsonPath(path)
        && documents.size() == 1
        && RawSeccompProfile.matches(documents.get(0).tree())) {
      var document = documents.get(0);
      if (options.convertRaw()) {
        manifests.add(RawSeccompProfile.convert(path, content, document, problems));
      } else {
        problems.add(
            RawSeccompProfile.skipped(path, new Origin(path, document.index(), document.line())));
      }
    } else {
      var reader = new Reader(path, content, manifests, problems);
      for (var document : documents) {
        reader.read(document, describe(document), "");
      }
    }
    if (problems.stream().anyMatch(Problem::isError)) {
      manifests.clear();
    }
    return new LoadResult(manifests, problems);
  }

  private static String unreadable(String path, YamlFormatException e) {
    if (e.explained()) {
      return e.getMessage() + " (nothing in the file was read)";
    }
    if (e.refused()) {
      return e.getMessage() + "; fix the file, nothing in it was read";
    }
    return (isJsonPath(path) ? "not valid JSON: " : "not valid YAML: ")
        + e.getMessage()
        + "; fix the file, nothing in it was read";
  }

  private static boolean isJsonPath(String path) {
    return path.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  private static String describe(YamlDocument document) {
    return "document %d at line %d".formatted(document.index() + 1, document.line());
  }

  /** Reads the documents of one file into manifests and problems. */
  private final class Reader {
    private final String path;
    private final byte[] content;
    private final List<Manifest> out;
    private final List<Problem> problems;

    Reader(String path, byte[] content, List<Manifest> out, List<Problem> problems) {
      this.path = path;
      this.content = content;
      this.out = out;
      this.problems = problems;
    }

    /**
     * @param what how messages name the object: {@code document 2 at line 6}, or an item of a List
     * @param pointer where the object is in its document: empty, or the item of a List
     */
    void read(YamlDocument document, String what, String pointer) {
      var origin = new Origin(path, document.index(), document.line());
      JsonNode tree = document.tree();
      if (!(tree instanceof ObjectNode object)) {
        problems.add(
            Problem.error(
                origin,
                ("%s is a %s, expected a Kubernetes object (mapping with apiVersion/kind); make"
                        + " each %s one object")
                    .formatted(what, shape(tree), pointer.isEmpty() ? "document" : "item")));
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
        var subject = pointer.isEmpty() ? "document" : what;
        problems.add(Problem.error(origin, missingIdentity(subject, apiVersion, kindName, object)));
        return;
      }
      if (apiVersion.equals("v1") && kindName.equals("List")) {
        readList(document, object, what, pointer);
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
    private void readList(YamlDocument document, ObjectNode list, String what, String pointer) {
      var items = list.get("items");
      if (items == null || items.isNull()) {
        return;
      }
      if (!items.isArray()) {
        int line = YamlLines.lineOf(content, document.index(), pointer + "/items", document.line());
        problems.add(
            Problem.error(
                new Origin(path, document.index(), line),
                "List (%s) has items that are a %s; make items a list of objects"
                    .formatted(what, shape(items))));
        return;
      }
      var lines = YamlLines.itemLines(content, document.index(), pointer + "/items");
      for (int i = 0; i < items.size(); i++) {
        int line = i < lines.size() ? lines.get(i) : document.line();
        var item = new YamlDocument(document.index(), line, items.get(i), List.of());
        read(
            item, "item %d of the List at line %d".formatted(i + 1, line), pointer + "/items/" + i);
      }
    }
  }

  private static String missingIdentity(
      String subject, String apiVersion, String kind, ObjectNode object) {
    String message;
    if (apiVersion == null && kind == null) {
      message = subject + " has no apiVersion or kind; add both";
    } else if (apiVersion == null) {
      message = subject + " has no apiVersion; add one";
    } else {
      message = subject + " has no kind; add one";
    }
    if (RawSeccompProfile.matches(object)) {
      message += " (a raw seccomp profile in a .json file loads with --convert)";
    }
    return message;
  }

  private static Problem ambiguous(String path, int document, YamlDocument.Ambiguity ambiguity) {
    var origin = new Origin(path, document, ambiguity.line());
    if (!ambiguity.yaml11Boolean() && NULLS.contains(ambiguity.text())) {
      return Problem.error(
          origin,
          "%s has no value (null), and label and annotation values must be strings; write \"\""
                  .formatted(ambiguity.path())
              + " for an empty value or remove the entry");
    }
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
    if (tree.isObject()) {
      return "mapping";
    }
    if (tree.isNumber()) {
      return "number";
    }
    if (tree.isBoolean()) {
      return "boolean";
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

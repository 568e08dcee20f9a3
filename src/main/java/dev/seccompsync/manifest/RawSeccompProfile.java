package dev.seccompsync.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A seccomp profile as the container runtime reads it (the OCI runtime format) or as Docker writes
 * it: JSON with {@code defaultAction} at the top and no {@code apiVersion} or {@code kind}. Such a
 * file converts to a SeccompProfile named after the file; whatever has no field in the
 * SeccompProfile schema is dropped with a warning, never silently.
 */
final class RawSeccompProfile {

  /** The version converted profiles are written in; SeccompProfiles are cluster-scoped there. */
  static final String API_VERSION = SpoKind.GROUP + "/v1";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Top-level fields that carry over to the spec unchanged. */
  private static final List<String> COPIED = List.of("flags", "listenerPath", "listenerMetadata");

  /** Top-level fields the conversion reads. */
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "defaultAction",
          "defaultErrnoRet",
          "architectures",
          "archMap",
          "syscalls",
          "flags",
          "listenerPath",
          "listenerMetadata");

  /** Rule fields that carry over unchanged. */
  private static final List<String> RULE_FIELDS = List.of("action", "errnoRet", "args");

  /** Rule fields of Docker's format that a SeccompProfile has no place for. */
  private static final List<String> DOCKER_ONLY = List.of("comment", "includes", "excludes");

  private RawSeccompProfile() {}

  /** Whether a document is a raw profile rather than a Kubernetes object. */
  static boolean matches(JsonNode tree) {
    return tree instanceof ObjectNode object
        && !object.has("apiVersion")
        && !object.has("kind")
        && object.has("defaultAction");
  }

  /**
   * The object name a file's profile gets: the file name without its extension, lower-cased, with
   * every run of characters a DNS-1123 name cannot hold replaced by one hyphen.
   */
  static String name(String path) {
    var file = path.substring(path.lastIndexOf('/') + 1);
    int dot = file.lastIndexOf('.');
    var stem = dot > 0 ? file.substring(0, dot) : file;
    var name =
        stem.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (name.length() > 253) {
      name = name.substring(0, 253).replaceAll("-+$", "");
    }
    return name.isEmpty() ? "seccomp-profile" : name;
  }

  /** The warning for a raw profile that is not converted. */
  static Problem skipped(String path, Origin origin) {
    return Problem.warning(
        origin,
        "raw seccomp profile (not a Kubernetes object); pass --convert to load it as"
            + " SeccompProfile "
            + name(path));
  }

  /**
   * Converts a raw profile.
   *
   * @param content the file, to find the lines that warnings point at
   * @param problems receives a warning for everything the conversion drops
   */
  static Manifest convert(
      String path, byte[] content, YamlDocument document, List<Problem> problems) {
    var raw = (ObjectNode) document.tree();
    var at = new Lines(path, content, document);
    var spec = NODES.objectNode();
    spec.set("defaultAction", raw.get("defaultAction"));
    if (present(raw.get("defaultErrnoRet"))) {
      problems.add(
          Problem.warning(
              at.of("/defaultErrnoRet"),
              ("defaultErrnoRet %s is lost: SeccompProfile has no such field, so the default"
                      + " errno becomes EPERM")
                  .formatted(raw.get("defaultErrnoRet"))));
    }
    architectures(raw, spec, at, problems);
    for (var field : COPIED) {
      if (present(raw.get(field))) {
        spec.set(field, raw.get(field));
      }
    }
    var syscalls = raw.get("syscalls");
    if (syscalls != null && syscalls.isArray()) {
      var rules = spec.putArray("syscalls");
      for (int i = 0; i < syscalls.size(); i++) {
        rules.add(rule(syscalls.get(i), i, at, problems));
      }
    } else if (present(syscalls)) {
      spec.set("syscalls", syscalls);
    }
    var unknown =
        raw.propertyNames().stream()
            .filter(k -> !TOP_LEVEL.contains(k) && present(raw.get(k)))
            .toList();
    if (!unknown.isEmpty()) {
      problems.add(
          Problem.warning(
              at.of("/" + escape(unknown.get(0))),
              "%s %s dropped: not part of a seccomp profile"
                  .formatted(
                      unknown.size() == 1 ? "field" : "fields", String.join(", ", unknown))));
    }
    var name = name(path);
    var body = NODES.objectNode();
    body.put("apiVersion", API_VERSION);
    body.put("kind", SpoKind.SECCOMP_PROFILE.kind());
    body.putObject("metadata").put("name", name);
    body.set("spec", spec);
    return new Manifest(
        SpoKind.SECCOMP_PROFILE,
        API_VERSION,
        name,
        null,
        body,
        new Origin(path, document.index(), document.line()));
  }

  /**
   * {@code architectures} and Docker's {@code archMap} (each main architecture with its
   * sub-architectures) become one flat list, in order and without repeats; an empty list is left
   * out, since the runtime then uses the node's native architecture.
   */
  private static void architectures(
      ObjectNode raw, ObjectNode spec, Lines at, List<Problem> problems) {
    var list = new ArrayList<JsonNode>();
    var given = raw.get("architectures");
    if (given != null && given.isArray()) {
      given.forEach(a -> addOnce(list, a));
    }
    var archMap = raw.get("archMap");
    if (archMap != null && archMap.isArray()) {
      for (var entry : archMap) {
        if (present(entry.get("architecture"))) {
          addOnce(list, entry.get("architecture"));
        }
        var subs = entry.get("subArchitectures");
        if (subs != null && subs.isArray()) {
          subs.forEach(a -> addOnce(list, a));
        }
      }
    }
    if (!list.isEmpty()) {
      ArrayNode architectures = spec.putArray("architectures");
      list.forEach(architectures::add);
    } else if (raw.has("architectures") || raw.has("archMap")) {
      var field = raw.has("archMap") ? "archMap" : "architectures";
      problems.add(
          Problem.warning(
              at.of("/" + field),
              ("%s names no architecture, so architectures is left out and the profile applies"
                      + " to the node's native architecture")
                  .formatted(field)));
    }
  }

  private static JsonNode rule(JsonNode rule, int index, Lines at, List<Problem> problems) {
    if (!(rule instanceof ObjectNode object)) {
      return rule;
    }
    var out = NODES.objectNode();
    var names = object.get("names");
    if (present(names)) {
      out.set("names", names);
    } else if (present(object.get("name"))) {
      out.putArray("names").add(object.get("name"));
    }
    for (var field : RULE_FIELDS) {
      if (present(object.get(field))) {
        out.set(field, object.get(field));
      }
    }
    var dockerOnly = new ArrayList<String>();
    var unknown = new ArrayList<String>();
    for (var field : object.propertyNames()) {
      var value = object.get(field);
      if (DOCKER_ONLY.contains(field)) {
        if (!isEmpty(value)) {
          dockerOnly.add(field);
        }
      } else if (!field.equals("names")
          && !field.equals("name")
          && !RULE_FIELDS.contains(field)
          && present(value)) {
        unknown.add(field);
      }
    }
    var where = "syscalls[%d] (%s)".formatted(index, summary(out.get("names")));
    var origin = at.of("/syscalls/" + index);
    if (!dockerOnly.isEmpty()) {
      var conditional = dockerOnly.contains("includes") || dockerOnly.contains("excludes");
      var message =
          "%s: Docker-only %s %s%s"
              .formatted(
                  where,
                  dockerOnly.size() == 1 ? "field" : "fields",
                  String.join(", ", dockerOnly),
                  conditional
                      ? " cannot be kept: without its conditions (architectures, capabilities,"
                          + " kernel version) the rule would apply to every container; split the"
                          + " rule per condition, or remove it"
                      : " dropped");
      // A dropped condition widens the profile: refused, like the same field in a manifest.
      problems.add(conditional ? Problem.error(origin, message) : Problem.warning(origin, message));
    }
    if (!unknown.isEmpty()) {
      problems.add(
          Problem.warning(
              origin,
              "%s: %s %s dropped: not part of a seccomp rule"
                  .formatted(
                      where,
                      unknown.size() == 1 ? "field" : "fields",
                      String.join(", ", unknown))));
    }
    return out;
  }

  private static String summary(JsonNode names) {
    if (names == null || !names.isArray() || names.isEmpty()) {
      return "no names";
    }
    var shown = new ArrayList<String>();
    for (int i = 0; i < Math.min(3, names.size()); i++) {
      var name = names.get(i);
      shown.add(name.isString() ? name.asString() : name.toString());
    }
    return String.join(", ", shown) + (names.size() > 3 ? ", ..." : "");
  }

  private static void addOnce(List<JsonNode> list, JsonNode value) {
    if (present(value) && !list.contains(value)) {
      list.add(value);
    }
  }

  private static boolean present(JsonNode value) {
    return value != null && !value.isNull();
  }

  /** Whether a dropped value carried nothing: null, an empty string, object or list. */
  private static boolean isEmpty(JsonNode value) {
    return value == null
        || value.isNull()
        || (value.isString() && value.asString().isEmpty())
        || (value.isContainer() && value.isEmpty());
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** Finds the line a warning points at, reading the file again only when there is a warning. */
  private static final class Lines {
    private final String path;
    private final byte[] content;
    private final YamlDocument document;

    Lines(String path, byte[] content, YamlDocument document) {
      this.path = path;
      this.content = content;
      this.document = document;
    }

    Origin of(String pointer) {
      int line = YamlLines.lineOf(content, document.index(), pointer, document.line());
      return new Origin(path, document.index(), line);
    }
  }
}

package dev.seccompsync.migrate;

import dev.seccompsync.cluster.BundledCatalog;
import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.manifest.EditableText;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.manifest.TextEdit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Rewrites manifests for a newer SPO generation by editing their text, so that comments, key order,
 * quoting, line endings and the byte order mark stay as they were: the apiVersion becomes the
 * target's storage version, a namespace on a kind that became cluster-scoped goes, the booleans
 * generation C replaced become its enums ({@code disabled} to {@code state}, SELinux {@code
 * permissive} and AppArmor {@code complainMode} to {@code mode}), recording enums get their v1
 * spelling, and objects whose names collide once cluster-scoped are renamed, with the bindings and
 * base profiles that name them.
 */
public final class Migrator {

  private final SpoGeneration target;
  private final SpoCatalog catalog;

  public Migrator(SpoGeneration target) {
    if (target == SpoGeneration.A) {
      throw new IllegalArgumentException("migrate goes to generation B or C, not back to A");
    }
    this.target = target;
    this.catalog = BundledCatalog.of(target);
  }

  /**
   * Migrates the files.
   *
   * @param files the repository's manifest files, path to content
   * @return the new contents of the files that change, the changes, and the files left alone
   */
  public MigrationResult migrate(Map<String, byte[]> files) {
    var skipped = new ArrayList<String>();
    var parsed = new LinkedHashMap<String, ParsedFile>();
    files.forEach(
        (path, bytes) -> {
          if (!path.endsWith(".yaml") && !path.endsWith(".yml")) {
            return;
          }
          try {
            parsed.put(path, parse(path, bytes));
          } catch (YamlEngineException | IllegalArgumentException e) {
            skipped.add(path + ": not migrated: " + oneLine(e.getMessage()));
          }
        });
    var renames = renames(parsed);
    var changes = new ArrayList<Change>();
    var rewritten = new LinkedHashMap<String, byte[]>();
    for (var file : parsed.values()) {
      var edits = new ArrayList<TextEdit>();
      for (var object : file.objects()) {
        edit(file, object, renames, edits, changes);
      }
      if (!edits.isEmpty()) {
        rewritten.put(file.path(), file.original().bytes(TextEdit.apply(file.text(), edits)));
      }
    }
    return new MigrationResult(target, rewritten, changes, skipped);
  }

  private ParsedFile parse(String path, byte[] bytes) {
    var original = EditableText.of(bytes);
    var text = original.text();
    var settings = LoadSettings.builder().setAllowDuplicateKeys(true).build();
    var objects = new ArrayList<SpoObject>();
    int document = 0;
    for (Node node : new Compose(settings).composeAllFromString(text)) {
      if (node instanceof MappingNode root) {
        SpoObject.of(path, document, root).ifPresent(objects::add);
      }
      document++;
    }
    return new ParsedFile(path, text, original, objects);
  }

  /** Objects of kinds that are cluster-scoped in the target, named alike in several namespaces. */
  private Map<RenameKey, String> renames(Map<String, ParsedFile> files) {
    var byName = new LinkedHashMap<String, List<SpoObject>>();
    for (var file : files.values()) {
      for (var object : file.objects()) {
        if (object.namespace() != null && clusterScoped(object.kind())) {
          byName
              .computeIfAbsent(object.kind() + "/" + object.name(), k -> new ArrayList<>())
              .add(object);
        }
      }
    }
    var taken = new java.util.HashSet<String>();
    for (var file : files.values()) {
      for (var object : file.objects()) {
        taken.add(object.kind() + "/" + object.name());
      }
    }
    var renames = new HashMap<RenameKey, String>();
    for (var group : byName.values()) {
      var first = group.get(0);
      for (var object : group.subList(1, group.size())) {
        if (Objects.equals(object.namespace(), first.namespace())) {
          continue;
        }
        var name = object.namespace() + "-" + object.name();
        for (int i = 2; taken.contains(object.kind() + "/" + name); i++) {
          name = object.namespace() + "-" + object.name() + "-" + i;
        }
        taken.add(object.kind() + "/" + name);
        renames.put(new RenameKey(object.kind(), object.namespace(), object.name()), name);
      }
    }
    return renames;
  }

  private void edit(
      ParsedFile file,
      SpoObject object,
      Map<RenameKey, String> renames,
      List<TextEdit> edits,
      List<Change> changes) {
    var info = catalog.find(object.kind()).orElse(null);
    if (info == null) {
      return;
    }
    var subject = object.subject();
    var text = file.text();
    var version = object.apiVersion().substring(object.apiVersion().indexOf('/') + 1);
    var newVersion = info.storageVersion();
    if (!version.equals(newVersion) && (target == SpoGeneration.C || !info.serves(version))) {
      var value = SpoKind.GROUP + "/" + newVersion;
      edits.add(replace(text, object.apiVersionNode(), value));
      changes.add(
          new Change(
              file.path(),
              line(object.apiVersionNode()),
              subject,
              "apiVersion %s -> %s".formatted(object.apiVersion(), value)));
    }
    var renamed = renames.get(new RenameKey(object.kind(), object.namespace(), object.name()));
    if (renamed != null) {
      edits.add(replace(text, object.nameNode(), renamed));
      changes.add(
          new Change(
              file.path(),
              line(object.nameNode()),
              subject,
              ("renamed to %s: %s %s is also defined in another namespace, and the kind is"
                      + " cluster-scoped")
                  .formatted(renamed, object.kind().kind(), object.name())));
    }
    if (!info.namespaced()
        && object.namespacePair() != null
        && object.namespacePair().getValueNode().getAnchor().isPresent()) {
      changes.add(
          new Change(
              file.path(),
              line(object.namespacePair().getKeyNode()),
              subject,
              "metadata.namespace NOT removed: its value is an anchor (&%s) that other places may"
                      .formatted(object.namespacePair().getValueNode().getAnchor().get().getValue())
                  + " use; remove it by hand"));
    } else if (!info.namespaced() && object.namespacePair() != null) {
      edits.add(removePair(text, object.namespacePair()));
      changes.add(
          new Change(
              file.path(),
              line(object.namespacePair().getKeyNode()),
              subject,
              "metadata.namespace %s removed: %s is cluster-scoped in generation %s"
                  .formatted(object.namespace(), object.kind().kind(), target)));
    }
    if (target == SpoGeneration.C) {
      booleanToEnum(file, object, "disabled", "state", "Disabled", "Enabled", edits, changes);
      if (object.kind() == SpoKind.SELINUX_PROFILE) {
        booleanToEnum(
            file, object, "permissive", "mode", "Permissive", "Enforcing", edits, changes);
      }
      if (object.kind() == SpoKind.APPARMOR_PROFILE) {
        booleanToEnum(file, object, "complainMode", "mode", "Complain", "Enforce", edits, changes);
      }
      if (object.kind() == SpoKind.PROFILE_RECORDING) {
        spelling(file, object, "recorder", Map.of("bpf", "Bpf", "logs", "Logs"), edits, changes);
        spelling(
            file,
            object,
            "mergeStrategy",
            Map.of("none", "None", "containers", "Containers"),
            edits,
            changes);
        spelling(
            file, object, "kind", Map.of("ApparmorProfile", "AppArmorProfile"), edits, changes);
      }
    }
    references(file, object, renames, edits, changes);
  }

  /** A binding or a base profile that names a renamed object follows the rename. */
  private void references(
      ParsedFile file,
      SpoObject object,
      Map<RenameKey, String> renames,
      List<TextEdit> edits,
      List<Change> changes) {
    if (object.kind() == SpoKind.PROFILE_BINDING) {
      var ref = object.spec("profileRef");
      if (ref instanceof MappingNode mapping) {
        var kind = scalar(mapping, "kind").flatMap(SpoKind::fromKind).orElse(null);
        var nameNode = node(mapping, "name");
        if (kind != null && nameNode instanceof ScalarNode name) {
          var renamed = renames.get(new RenameKey(kind, object.namespace(), name.getValue()));
          if (renamed != null) {
            edits.add(replace(file.text(), name, renamed));
            changes.add(
                new Change(
                    file.path(),
                    line(name),
                    object.subject(),
                    "profileRef.name %s -> %s (renamed)".formatted(name.getValue(), renamed)));
          }
        }
      }
    }
    if (object.kind() == SpoKind.SECCOMP_PROFILE
        && object.spec("baseProfileName") instanceof ScalarNode base) {
      var renamed =
          renames.get(new RenameKey(SpoKind.SECCOMP_PROFILE, object.namespace(), base.getValue()));
      if (renamed != null) {
        edits.add(replace(file.text(), base, renamed));
        changes.add(
            new Change(
                file.path(),
                line(base),
                object.subject(),
                "baseProfileName %s -> %s (renamed)".formatted(base.getValue(), renamed)));
      }
    }
  }

  private void booleanToEnum(
      ParsedFile file,
      SpoObject object,
      String field,
      String newField,
      String whenTrue,
      String whenFalse,
      List<TextEdit> edits,
      List<Change> changes) {
    var pair = object.specPair(field);
    if (pair == null || !(pair.getValueNode() instanceof ScalarNode value)) {
      return;
    }
    var on = value.getValue().equalsIgnoreCase("true");
    var enumValue = on ? whenTrue : whenFalse;
    edits.add(replace(file.text(), pair.getKeyNode(), newField));
    edits.add(replace(file.text(), value, enumValue));
    changes.add(
        new Change(
            file.path(),
            line(pair.getKeyNode()),
            object.subject(),
            "spec.%s: %s -> spec.%s: %s".formatted(field, value.getValue(), newField, enumValue)));
  }

  private void spelling(
      ParsedFile file,
      SpoObject object,
      String field,
      Map<String, String> spellings,
      List<TextEdit> edits,
      List<Change> changes) {
    if (object.spec(field) instanceof ScalarNode value && spellings.containsKey(value.getValue())) {
      var spelled = spellings.get(value.getValue());
      edits.add(replace(file.text(), value, spelled));
      changes.add(
          new Change(
              file.path(),
              line(value),
              object.subject(),
              "spec.%s: %s -> %s".formatted(field, value.getValue(), spelled)));
    }
  }

  private boolean clusterScoped(SpoKind kind) {
    return catalog.find(kind).map(k -> !k.namespaced()).orElse(false);
  }

  private static TextEdit replace(String text, Node node, String replacement) {
    return new TextEdit(start(text, node), end(text, node), replacement);
  }

  /**
   * Removes a key and its value: the whole line in block style (its comment too), or the entry and
   * one comma in flow style.
   */
  private static TextEdit removePair(String text, NodeTuple pair) {
    int keyStart = start(text, pair.getKeyNode());
    int valueEnd = end(text, pair.getValueNode());
    int lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    if (text.substring(lineStart, keyStart).isBlank()) {
      int lineEnd = text.indexOf('\n', valueEnd);
      return new TextEdit(lineStart, lineEnd < 0 ? text.length() : lineEnd + 1, "");
    }
    var after = text.substring(valueEnd);
    var comma = java.util.regex.Pattern.compile("^\\s*,\\s*").matcher(after);
    if (comma.find()) {
      return new TextEdit(keyStart, valueEnd + comma.end(), "");
    }
    var before = text.substring(0, keyStart);
    var previous = java.util.regex.Pattern.compile(",\\s*$").matcher(before);
    if (previous.find()) {
      return new TextEdit(previous.start(), valueEnd, "");
    }
    return new TextEdit(keyStart, valueEnd, "");
  }

  private static int start(String text, Node node) {
    return text.offsetByCodePoints(0, node.getStartMark().orElseThrow().getIndex());
  }

  private static int end(String text, Node node) {
    return text.offsetByCodePoints(0, node.getEndMark().orElseThrow().getIndex());
  }

  static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  static Node node(MappingNode mapping, String key) {
    for (var tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return tuple.getValueNode();
      }
    }
    return null;
  }

  static NodeTuple pair(MappingNode mapping, String key) {
    for (var tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return tuple;
      }
    }
    return null;
  }

  static Optional<String> scalar(MappingNode mapping, String key) {
    return node(mapping, key) instanceof ScalarNode s
        ? Optional.of(s.getValue())
        : Optional.empty();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  private record ParsedFile(
      String path, String text, EditableText original, List<SpoObject> objects) {}

  private record RenameKey(SpoKind kind, String namespace, String name) {}
}

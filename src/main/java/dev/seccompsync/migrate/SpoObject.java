package dev.seccompsync.migrate;

import dev.seccompsync.manifest.SpoKind;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** An SPO object in a YAML document, with the nodes migration edits. */
record SpoObject(
    String path,
    int document,
    SpoKind kind,
    String apiVersion,
    String name,
    String namespace,
    ScalarNode apiVersionNode,
    ScalarNode nameNode,
    NodeTuple namespacePair,
    MappingNode spec) {

  static Optional<SpoObject> of(String path, int document, MappingNode root) {
    if (!(Migrator.node(root, "apiVersion") instanceof ScalarNode apiVersion)
        || !apiVersion.getValue().startsWith(SpoKind.GROUP + "/")) {
      return Optional.empty();
    }
    var kind = Migrator.scalar(root, "kind").flatMap(SpoKind::fromKind).orElse(null);
    if (kind == null || !(Migrator.node(root, "metadata") instanceof MappingNode metadata)) {
      return Optional.empty();
    }
    if (!(Migrator.node(metadata, "name") instanceof ScalarNode name)) {
      return Optional.empty();
    }
    var namespacePair = Migrator.pair(metadata, "namespace");
    var namespace =
        namespacePair != null && namespacePair.getValueNode() instanceof ScalarNode ns
            ? ns.getValue()
            : null;
    var spec = Migrator.node(root, "spec") instanceof MappingNode m ? m : null;
    return Optional.of(
        new SpoObject(
            path,
            document,
            kind,
            apiVersion.getValue(),
            name.getValue(),
            namespace,
            apiVersion,
            name,
            namespacePair,
            spec));
  }

  Node spec(String field) {
    return spec == null ? null : Migrator.node(spec, field);
  }

  NodeTuple specPair(String field) {
    return spec == null ? null : Migrator.pair(spec, field);
  }

  String subject() {
    return kind.kind() + "/" + (namespace == null ? "" : namespace + "/") + name;
  }
}

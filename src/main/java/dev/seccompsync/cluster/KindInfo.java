package dev.seccompsync.cluster;

import dev.seccompsync.manifest.SpoKind;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a cluster serves for one SPO kind, read from its CustomResourceDefinition.
 *
 * @param kind the kind
 * @param namespaced whether objects of the kind live in namespaces on this cluster
 * @param servedVersions the versions the API server serves, storage version first
 * @param storageVersion the version objects are stored at
 * @param schemas each served version's {@code openAPIV3Schema}
 */
public record KindInfo(
    SpoKind kind,
    boolean namespaced,
    List<String> servedVersions,
    String storageVersion,
    Map<String, JsonNode> schemas) {

  public boolean serves(String version) {
    return servedVersions.contains(version);
  }

  /** The {@code apiVersion} for the storage version: what new objects are written as. */
  public String preferredApiVersion() {
    return SpoKind.GROUP + "/" + storageVersion;
  }
}

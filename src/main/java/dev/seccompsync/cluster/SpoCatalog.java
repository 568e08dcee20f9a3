package dev.seccompsync.cluster;

import dev.seccompsync.manifest.SpoKind;
import java.util.Map;
import java.util.Optional;

/**
 * The SPO kinds one cluster serves, and the generation they add up to.
 *
 * @param server the API server URL
 * @param generation the SPO API generation
 * @param kinds the served kinds; a kind the cluster lacks is absent
 */
public record SpoCatalog(String server, SpoGeneration generation, Map<SpoKind, KindInfo> kinds) {

  public Optional<KindInfo> find(SpoKind kind) {
    return Optional.ofNullable(kinds.get(kind));
  }
}

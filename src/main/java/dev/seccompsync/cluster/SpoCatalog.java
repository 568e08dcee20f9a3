package dev.seccompsync.cluster;

import dev.seccompsync.manifest.SpoKind;
import java.util.Map;
import java.util.Optional;

/**
 * The SPO kinds one cluster serves, and the generation they add up to.
 *
 * @param server the API server URL
 * @param generation the SPO API generation, or {@code null} when SeccompProfile is not served
 * @param kinds the served kinds; a kind the cluster lacks is absent
 */
public record SpoCatalog(String server, SpoGeneration generation, Map<SpoKind, KindInfo> kinds) {

  /**
   * Checks that the cluster serves every kind in {@code needed}, and SeccompProfile in any case.
   *
   * @throws SpoNotInstalledException naming every kind that is missing
   */
  public void requireServed(java.util.Collection<SpoKind> needed) {
    var missing = new java.util.TreeSet<SpoKind>(needed);
    missing.add(SpoKind.SECCOMP_PROFILE);
    missing.removeIf(kinds::containsKey);
    if (!missing.isEmpty()) {
      var names =
          missing.stream().map(SpoKind::kind).collect(java.util.stream.Collectors.joining(", "));
      throw new SpoNotInstalledException(
          ("cluster %s: kinds %s of %s are not served (no established CRD); is the Security"
                  + " Profiles Operator installed? Nothing was compared or applied")
              .formatted(server, names, SpoKind.GROUP));
    }
  }

  public Optional<KindInfo> find(SpoKind kind) {
    return Optional.ofNullable(kinds.get(kind));
  }
}

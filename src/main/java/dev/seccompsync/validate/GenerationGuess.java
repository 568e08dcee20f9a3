package dev.seccompsync.validate;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.SpoKind;
import java.util.List;

/**
 * The generation a repository is written for, when no cluster or flag says: namespaced profiles and
 * none at {@code v1} mean A, older versions with {@code spec.disabled} mean B, anything else (any
 * {@code v1} profile among them) C.
 */
public final class GenerationGuess {
  private GenerationGuess() {}

  /** The guess and the reason, for the report. */
  public record Guess(SpoGeneration generation, String reason) {}

  static Guess of(List<Manifest> manifests) {
    var profiles =
        manifests.stream()
            .filter(m -> m.kind() != SpoKind.PROFILE_BINDING)
            .filter(m -> m.kind() != SpoKind.PROFILE_RECORDING)
            .toList();
    var current = profiles.stream().anyMatch(m -> m.version().equals("v1"));
    if (!current && profiles.stream().anyMatch(m -> m.namespace() != null)) {
      return new Guess(SpoGeneration.A, "profiles have namespaces");
    }
    var old = profiles.stream().anyMatch(m -> !m.version().equals("v1"));
    var disabled = profiles.stream().anyMatch(m -> m.body().path("spec").has("disabled"));
    if (old && disabled) {
      return new Guess(SpoGeneration.B, "cluster-scoped profiles use spec.disabled");
    }
    return new Guess(SpoGeneration.C, "the current generation");
  }
}

package dev.seccompsync.promote;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The {@code promote} section of the repository's {@code .seccomp-sync.yaml}: the defaults a
 * repository sets for proposals to it. Flags win over it. Keys it does not know are errors, so that
 * a typo does not silently fall back to a default.
 *
 * @param base the branch pull requests go into
 * @param pathTemplate where new profiles go
 * @param nameTemplate the profile names in Git
 * @param labels labels for new pull requests
 * @param reviewers reviewers for new pull requests
 * @param draft whether new pull requests are drafts
 * @param author {@code Name <email>} of the commits
 * @param provider the hosting API
 * @param apiUrl the hosting API's base URL
 * @param project the repository on the host
 */
public record PromoteConfig(
    String base,
    String pathTemplate,
    String nameTemplate,
    List<String> labels,
    List<String> reviewers,
    Boolean draft,
    String author,
    String provider,
    String apiUrl,
    String project) {

  /** The file's name, at the repository's root. */
  public static final String FILE = ".seccomp-sync.yaml";

  private static final Set<String> KEYS =
      Set.of(
          "base",
          "pathTemplate",
          "nameTemplate",
          "labels",
          "reviewers",
          "draft",
          "author",
          "provider",
          "apiUrl",
          "project");

  public static final PromoteConfig NONE =
      new PromoteConfig(null, null, null, List.of(), List.of(), null, null, null, null, null);

  public PromoteConfig {
    labels = labels == null ? List.of() : List.copyOf(labels);
    reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
  }

  /**
   * Reads the file.
   *
   * @param content the file, or {@code null} when the repository has none
   * @throws PromotionException naming the file and the key when it cannot be used
   */
  public static PromoteConfig parse(byte[] content) {
    if (content == null) {
      return NONE;
    }
    Object root;
    try {
      root =
          new Load(LoadSettings.builder().build())
              .loadFromString(new String(content, StandardCharsets.UTF_8));
    } catch (YamlEngineException e) {
      throw new PromotionException(
          FILE
              + ": not valid YAML ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); fix"
              + " it or remove it");
    }
    if (root == null) {
      return NONE;
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new PromotionException(FILE + ": must be a mapping of sections, such as promote:");
    }
    for (var key : top.keySet()) {
      if (!"promote".equals(key)) {
        throw new PromotionException(
            "%s: %s is not a section seccomp-sync reads; use promote:".formatted(FILE, key));
      }
    }
    var section = top.get("promote");
    if (section == null) {
      return NONE;
    }
    if (!(section instanceof Map<?, ?> promote)) {
      throw new PromotionException(FILE + ": promote: must be a mapping of settings");
    }
    for (var key : promote.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        throw new PromotionException(
            "%s: promote.%s is not a setting; use one of %s"
                .formatted(FILE, key, String.join(", ", new java.util.TreeSet<>(KEYS))));
      }
    }
    return new PromoteConfig(
        text(promote, "base"),
        text(promote, "pathTemplate"),
        text(promote, "nameTemplate"),
        list(promote, "labels"),
        list(promote, "reviewers"),
        bool(promote, "draft"),
        text(promote, "author"),
        text(promote, "provider"),
        text(promote, "apiUrl"),
        text(promote, "project"));
  }

  private static String text(Map<?, ?> map, String key) {
    var value = map.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new PromotionException(FILE + ": promote." + key + " must be a non-empty string");
    }
    return text.strip();
  }

  private static List<String> list(Map<?, ?> map, String key) {
    var value = map.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items) || items.stream().anyMatch(i -> !(i instanceof String))) {
      throw new PromotionException(FILE + ": promote." + key + " must be a list of strings");
    }
    return items.stream().map(String.class::cast).toList();
  }

  private static Boolean bool(Map<?, ?> map, String key) {
    var value = map.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean flag)) {
      throw new PromotionException(FILE + ": promote." + key + " must be true or false");
    }
    return flag;
  }
}

package dev.seccompsync.manifest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Decides how bad a document of a kind seccomp-sync does not manage is. Other APIs' kinds are
 * skipped with a warning (policy repositories hold other things too); a near-miss of an SPO kind or
 * group is an error, since the profile it was meant to be would silently never be applied.
 */
final class KindCheck {

  /** SPO kinds that live in the API group but are not policy that Git keeps. */
  private static final Set<String> OPERATOR_KINDS =
      Set.of("SecurityProfileNodeStatus", "SecurityProfilesOperatorDaemon");

  private KindCheck() {}

  static Problem unmanaged(Origin origin, String kind, String apiVersion, boolean strict) {
    var group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    if (group.equals(SpoKind.GROUP) && !OPERATOR_KINDS.contains(kind)) {
      return Problem.error(
          origin,
          "%s is not a kind of %s%s; the kinds are %s"
              .formatted(kind, SpoKind.GROUP, suggestion(kind), kinds()));
    }
    if (!group.equals(SpoKind.GROUP) && nearMiss(group)) {
      return Problem.error(
          origin,
          "apiVersion %s: group %s looks like a misspelling of %s; fix the apiVersion"
              .formatted(apiVersion, group, SpoKind.GROUP));
    }
    var message =
        "%s (%s) is not an SPO kind seccomp-sync manages, skipped".formatted(kind, apiVersion);
    return strict
        ? Problem.error(origin, message + "; remove it or leave out --strict")
        : Problem.warning(origin, message + "; --strict makes this an error");
  }

  private static String suggestion(String kind) {
    return Arrays.stream(SpoKind.values())
        .map(SpoKind::kind)
        .filter(k -> k.equalsIgnoreCase(kind) || distance(k, kind) <= 2)
        .findFirst()
        .map(k -> " (did you mean " + k + "?)")
        .orElse("");
  }

  private static String kinds() {
    return String.join(", ", Arrays.stream(SpoKind.values()).map(SpoKind::kind).toList());
  }

  private static boolean nearMiss(String group) {
    var lower = group.toLowerCase(Locale.ROOT);
    return lower.equals(SpoKind.GROUP) || distance(lower, SpoKind.GROUP) <= 3;
  }

  /** Levenshtein distance, for short identifiers. */
  static int distance(String a, String b) {
    var previous = new int[b.length() + 1];
    var current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      var swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

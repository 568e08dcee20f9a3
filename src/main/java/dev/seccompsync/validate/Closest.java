package dev.seccompsync.validate;

import java.util.Collection;
import java.util.Optional;

/** The nearest name in a set, for "did you mean" suggestions. */
final class Closest {
  private Closest() {}

  /** The candidate at the smallest edit distance, if it is at most a third of the name's length. */
  static Optional<String> to(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (var candidate : candidates) {
      int d = distance(name, candidate);
      if (d < bestDistance
          || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = d;
      }
    }
    var limit = Math.max(2, name.length() / 3);
    if (best != null && best.startsWith(name) || best != null && name.startsWith(best)) {
      return Optional.of(best);
    }
    return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

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

package dev.seccompsync.reconcile;

import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.RunResult;
import java.util.EnumMap;
import java.util.Locale;

/** The one structured log line each pass writes: {@code key=value} pairs, stable order. */
final class PassLine {
  private PassLine() {}

  static String of(RunResult result, String mode, long requests, double seconds) {
    var counts = new EnumMap<Action, Integer>(Action.class);
    long drifted = 0;
    for (var object : result.objects()) {
      if (object.category() != null) {
        drifted++;
      } else if (object.action() != null) {
        counts.merge(object.action(), 1, Integer::sum);
      }
    }
    var line = new StringBuilder("pass");
    line.append(" revision=").append(Reconciler.shortId(result.revision()));
    line.append(" mode=").append(mode);
    for (var action : Action.values()) {
      line.append(' ').append(action.wireName()).append('=').append(counts.getOrDefault(action, 0));
    }
    line.append(" drifted=").append(drifted);
    line.append(" problems=").append(result.problems().size());
    line.append(" requests=").append(requests);
    line.append(" duration=").append(String.format(Locale.ROOT, "%.3fs", seconds));
    return line.toString();
  }
}

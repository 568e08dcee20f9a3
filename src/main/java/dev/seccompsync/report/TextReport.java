package dev.seccompsync.report;

import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.RunResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Output for people: unified diffs, aligned tables, a one-line summary. */
public final class TextReport {

  private final Style style;

  public TextReport(Style style) {
    this.style = style;
  }

  /** Writes the report for a finished run; problems go to {@code err}. */
  public void render(RunResult result, PrintWriter out, PrintWriter err) {
    Problems.print(result.problems(), err, style);
    switch (result.command()) {
      case "diff" -> diff(result, out);
      case "drift" -> drift(result, out);
      default -> apply(result, out);
    }
    failures(result, err);
    out.flush();
    err.flush();
  }

  private void diff(RunResult result, PrintWriter out) {
    for (var object : result.objects()) {
      if (object.diff() != null && object.action() != Action.UNCHANGED) {
        printDiff(object.diff(), out);
        if (object.message() != null && object.action() != Action.FAILED) {
          out.println(style.yellow("# " + object.id() + ": " + object.message()));
        }
      } else if (object.action() == Action.PRUNED) {
        out.println(style.red("# " + object.id() + ": would be pruned (" + object.message() + ")"));
      } else if (object.action() == Action.PENDING || object.action() == Action.SKIPPED) {
        out.println(style.yellow("# " + object.id() + ": " + object.message()));
      }
    }
    out.println(summary(result, "diff", "to create", "to configure"));
  }

  private void printDiff(String diff, PrintWriter out) {
    for (var line : diff.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("+++") || line.startsWith("---")) {
        out.println(style.bold(line));
      } else if (line.startsWith("+")) {
        out.println(style.green(line));
      } else if (line.startsWith("-")) {
        out.println(style.red(line));
      } else if (line.startsWith("@@")) {
        out.println(style.cyan(line));
      } else {
        out.println(line);
      }
    }
  }

  private void apply(RunResult result, PrintWriter out) {
    var rows = new ArrayList<List<String>>();
    for (var object : result.objects()) {
      var failed = object.action() == Action.FAILED;
      var message = object.message() == null || failed ? "" : object.message();
      rows.add(List.of(object.id().toString(), colour(object.action()), message));
    }
    Table.print(rows, out);
    var verb = result.dryRun() ? "apply (server dry run, nothing written)" : "apply";
    out.println(summary(result, verb, "created", "configured"));
  }

  private void drift(RunResult result, PrintWriter out) {
    var rows = new ArrayList<List<String>>();
    for (var object : result.objects()) {
      var label =
          object.category() != null ? object.category().wireName() : object.action().wireName();
      var shown = object.category() != null ? style.yellow(label) : style.red(label);
      rows.add(
          List.of(
              shown,
              object.id().toString(),
              nullToDash(object.source()),
              nullToEmpty(object.message())));
    }
    if (rows.isEmpty()) {
      out.println("no drift: the cluster matches Git at " + shortCommit(result.revision()));
      return;
    }
    rows.add(0, List.of("CATEGORY", "OBJECT", "SOURCE", "DETAIL"));
    Table.print(rows, out);
    out.println(
        "drift: %d finding(s) at %s against %s (SPO generation %s)"
            .formatted(
                result.objects().size(),
                shortCommit(result.revision()),
                result.server(),
                result.generation()));
  }

  /** Failed objects, one line each on stderr, naming the object and its file. */
  private void failures(RunResult result, PrintWriter err) {
    for (var object : result.objects()) {
      if (object.action() != Action.FAILED) {
        continue;
      }
      var subject = object.id().toString();
      var message = object.message() == null ? "failed" : object.message();
      if (message.startsWith(subject + ": ")) {
        message = message.substring(subject.length() + 2);
      }
      var where = object.source() == null ? "" : " (" + object.source() + ")";
      err.println(style.red("error:") + " " + subject + where + ": " + message);
    }
  }

  private String colour(Action action) {
    return switch (action) {
      case CREATED, CONFIGURED -> style.green(action.wireName());
      case FAILED -> style.red(action.wireName());
      case PRUNED -> style.red(action.wireName());
      case SKIPPED, PENDING -> style.yellow(action.wireName());
      default -> action.wireName();
    };
  }

  private static String summary(RunResult result, String verb, String created, String configured) {
    Map<Action, Integer> counts = new EnumMap<>(Action.class);
    result.objects().forEach(o -> counts.merge(o.action(), 1, Integer::sum));
    var parts = new ArrayList<String>();
    parts.add(counts.getOrDefault(Action.CREATED, 0) + " " + created);
    parts.add(counts.getOrDefault(Action.CONFIGURED, 0) + " " + configured);
    parts.add(counts.getOrDefault(Action.UNCHANGED, 0) + " unchanged");
    if (counts.containsKey(Action.PRUNED)) {
      parts.add(counts.get(Action.PRUNED) + (verb.equals("diff") ? " to prune" : " pruned"));
    }
    if (counts.containsKey(Action.PENDING)) {
      parts.add(counts.get(Action.PENDING) + " deletion pending");
    }
    for (var action : List.of(Action.SKIPPED, Action.FAILED)) {
      if (counts.containsKey(action)) {
        parts.add(counts.get(action) + " " + action.wireName());
      }
    }
    var errors = result.problems().stream().filter(p -> p.isError()).count();
    var warnings = result.problems().size() - errors;
    if (errors > 0) {
      parts.add(errors + " input error" + (errors == 1 ? "" : "s"));
    }
    if (warnings > 0) {
      parts.add(warnings + " warning" + (warnings == 1 ? "" : "s"));
    }
    return "%s: %s (revision %s, cluster %s, SPO generation %s)"
        .formatted(
            verb,
            String.join(", ", parts),
            shortCommit(result.revision()),
            result.server(),
            result.generation());
  }

  static String shortCommit(String commit) {
    return commit == null || commit.length() < 12
        ? String.valueOf(commit)
        : commit.substring(0, 12);
  }

  private static String nullToDash(String text) {
    return text == null ? "-" : text;
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  /** Used by the Markdown report as well. */
  static List<ObjectResult> changed(RunResult result) {
    return result.objects().stream().filter(o -> o.diff() != null).toList();
  }
}

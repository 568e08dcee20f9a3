package dev.seccompsync.report;

import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.manifest.Problem;
import java.util.ArrayList;
import java.util.List;

/** Markdown for pull-request comments and CI job summaries. */
public final class MarkdownReport {

  /** The most input problems a plan comment lists. */
  static final int MAX_PROBLEMS = 20;

  private MarkdownReport() {}

  public static String render(RunResult result) {
    var md = new StringBuilder();
    md.append("### seccomp-sync ").append(result.command()).append("\n\n");
    md.append(
        "Revision `%s` against `%s` (SPO generation %s)\n\n"
            .formatted(
                TextReport.shortCommit(result.revision()), result.server(), result.generation()));
    var findings =
        result.objects().stream()
            .filter(
                o ->
                    o.category() != null
                        || o.action() == null
                        || !o.action().wireName().equals("unchanged"))
            .toList();
    if (findings.isEmpty() && result.problems().isEmpty()) {
      md.append("No differences: the cluster matches Git.\n");
      return md.toString();
    }
    if (!findings.isEmpty()) {
      md.append("| | Object | Source | Detail |\n|---|---|---|---|\n");
      for (var o : findings) {
        var label = o.category() != null ? o.category().wireName() : o.action().wireName();
        md.append(
            "| %s | `%s` | %s | %s |\n"
                .formatted(
                    label,
                    o.id(),
                    o.source() == null ? "" : "`" + cell(o.source()) + "`",
                    cell(o.message())));
      }
      md.append('\n');
    }
    for (var o : TextReport.changed(result)) {
      md.append(
          "<details><summary><code>%s</code></summary>\n\n```diff\n%s```\n\n</details>\n\n"
              .formatted(o.id(), o.diff()));
    }
    if (!result.problems().isEmpty()) {
      md.append("**Problems**\n\n");
      result
          .problems()
          .forEach(
              p ->
                  md.append(
                      "- %s `%s`: %s\n"
                          .formatted(p.isError() ? "error" : "warning", p.origin(), p.message())));
    }
    return md.toString();
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  /**
   * A {@code diff} result as one pull-request comment: a header naming the commit and the cluster,
   * the counts, then a section per object that would be created, changed (with its diff), pruned,
   * or that failed. When it would be longer than {@code maxLength} code points, whole object
   * sections are left out from the end and a last line says how many.
   *
   * @param context the kubeconfig context, or {@code null} when none is known
   */
  public static String plan(RunResult result, String context, int maxLength) {
    var head = new StringBuilder();
    head.append("### seccomp-sync plan\n\n");
    head.append(
        "Commit `%s` against cluster `%s`%s (SPO generation %s)\n\n"
            .formatted(
                result.revision(),
                result.server(),
                context == null ? "" : " (context `" + context + "`)",
                result.generation()));
    head.append("**").append(planSummary(result)).append("**\n\n");
    var problems = problems(result.problems());
    var sections = result.objects().stream().map(MarkdownReport::section).toList();
    var shown = sections.stream().filter(t -> !t.isEmpty()).toList();
    if (shown.isEmpty() && result.problems().isEmpty()) {
      head.append("No differences: the cluster matches Git.\n");
    }
    var full = new StringBuilder(head).append(problems);
    shown.forEach(full::append);
    if (length(full) <= maxLength) {
      return full.toString();
    }
    var out = new StringBuilder(head).append(problems);
    var kept = 0;
    for (var section : shown) {
      var rest = shown.size() - kept - 1;
      var tail = rest == 0 ? "" : omitted(rest);
      if (length(out) + length(section) + length(tail) > maxLength) {
        break;
      }
      out.append(section);
      kept++;
    }
    if (kept < shown.size()) {
      out.append(omitted(shown.size() - kept));
    }
    if (length(out) > maxLength) {
      // Not even the header and the problems fit: cut at a code point, keeping the last line.
      var tail = omitted(shown.size());
      var room = Math.max(0, maxLength - length(tail) - 2);
      var cut = out.offsetByCodePoints(0, Math.min(room, length(out)));
      return out.substring(0, cut) + "\n\n" + tail;
    }
    return out.toString();
  }

  /** create / change / prune / unchanged / errors, with pending and skipped when there are any. */
  static String planSummary(RunResult result) {
    var created = count(result, Action.CREATED);
    var changed = count(result, Action.CONFIGURED);
    var pruned = count(result, Action.PRUNED);
    var unchanged = count(result, Action.UNCHANGED);
    var errors =
        count(result, Action.FAILED) + result.problems().stream().filter(Problem::isError).count();
    var parts = new ArrayList<String>();
    parts.add(created + " to create");
    parts.add(changed + " to change");
    parts.add(pruned + " to prune");
    parts.add(unchanged + " unchanged");
    parts.add(errors + (errors == 1 ? " error" : " errors"));
    var pending = count(result, Action.PENDING);
    if (pending > 0) {
      parts.add(pending + " deletion pending");
    }
    var skipped = count(result, Action.SKIPPED);
    if (skipped > 0) {
      parts.add(skipped + " skipped");
    }
    return String.join(", ", parts);
  }

  private static long count(RunResult result, Action action) {
    return result.objects().stream().filter(o -> o.action() == action).count();
  }

  /** The section for one object; empty for an unchanged one. */
  static String section(ObjectResult o) {
    var verb =
        switch (o.action()) {
          case CREATED -> "Create";
          case CONFIGURED -> "Change";
          case PRUNED -> "Prune";
          case PENDING -> "Deletion pending";
          case SKIPPED -> "Skipped";
          case FAILED -> "Error";
          default -> null;
        };
    if (verb == null) {
      return "";
    }
    var md = new StringBuilder();
    md.append("#### ").append(verb).append(" `").append(o.id()).append('`');
    if (o.source() != null) {
      md.append(" from `").append(o.source()).append('`');
    }
    md.append("\n\n");
    if (o.message() != null && !o.message().isBlank()) {
      md.append(o.message().replace("\n", " ")).append("\n\n");
    }
    if (o.diff() != null && o.action() != Action.PRUNED) {
      var fence = fence(o.diff());
      var diff = o.diff().endsWith("\n") ? o.diff() : o.diff() + "\n";
      if (o.action() == Action.CREATED) {
        md.append("<details><summary>new object</summary>\n\n");
        md.append(fence).append("diff\n").append(diff).append(fence).append("\n\n");
        md.append("</details>\n\n");
      } else {
        md.append(fence).append("diff\n").append(diff).append(fence).append("\n\n");
      }
    }
    return md.toString();
  }

  /** The input problems, at most {@link #MAX_PROBLEMS} of them. */
  private static String problems(List<Problem> problems) {
    if (problems.isEmpty()) {
      return "";
    }
    var md = new StringBuilder("**Problems**\n\n");
    problems.stream()
        .limit(MAX_PROBLEMS)
        .forEach(
            p ->
                md.append(
                    "- %s `%s`: %s\n"
                        .formatted(
                            p.isError() ? "error" : "warning",
                            p.origin(),
                            p.message().replace("\n", " "))));
    if (problems.size() > MAX_PROBLEMS) {
      md.append("- … and ").append(problems.size() - MAX_PROBLEMS).append(" more\n");
    }
    return md.append('\n').toString();
  }

  /** The line that ends a comment that left out {@code count} object sections. */
  static String omitted(int count) {
    return "… and %d more object%s not shown; run `seccomp-sync diff` for the full plan\n"
        .formatted(count, count == 1 ? "" : "s");
  }

  /** A code fence longer than any run of backticks in the text, so that the text cannot end it. */
  private static String fence(String text) {
    var longest = 0;
    var run = 0;
    for (var i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return "`".repeat(Math.max(3, longest + 1));
  }

  private static int length(CharSequence text) {
    return Character.codePointCount(text, 0, text.length());
  }
}

package dev.seccompsync.report;

import dev.seccompsync.diff.RunResult;

/** Markdown for pull-request comments and CI job summaries. */
public final class MarkdownReport {
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
}

package dev.seccompsync.promote;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The title and Markdown description of a promotion pull request: one section per profile with its
 * container, recording and syscall changes, the operator's coverage counts when it wrote them, and
 * how to try the branch before merging. The first line is a hidden marker with the proposal's
 * digest, so that a proposal people closed is recognised when it comes again.
 */
public final class PullRequestBody {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Pattern MARKER =
      Pattern.compile("<!-- seccomp-sync:proposal recording=(\\S+) hash=([0-9a-f]+) -->");

  private PullRequestBody() {}

  public static String title(Proposal proposal) {
    return "Promote recorded seccomp profiles from " + proposal.recording().key();
  }

  /** The body without its proposal digest, for a pull request closed because Git has it. */
  public static String retired(String body) {
    return body == null
        ? ""
        : MARKER.matcher(body).replaceAll("<!-- seccomp-sync:proposal recording=$1 hash=none -->");
  }

  /** The proposal digest a body carries, or {@code null}. */
  public static String hashOf(String body) {
    if (body == null) {
      return null;
    }
    var matcher = MARKER.matcher(body);
    return matcher.find() ? matcher.group(2) : null;
  }

  /**
   * The description, at most {@code limit} characters: profile sections that do not fit are left
   * out and counted.
   *
   * @param repository how people name the repository in commands (no credentials)
   */
  public static String render(Proposal proposal, String repository, String base, int limit) {
    var recording = proposal.recording();
    var head = new StringBuilder();
    head.append("<!-- seccomp-sync:proposal recording=")
        .append(recording.key())
        .append(" hash=")
        .append(proposal.hash())
        .append(" -->\n");
    head.append("Seccomp profiles that SPO recorded from running workloads (ProfileRecording `")
        .append(recording.key())
        .append("`), proposed for `")
        .append(base)
        .append("` by seccomp-sync.\n\n");
    head.append("| Profile | Container | File | Change |\n|---|---|---|---|\n");
    for (var change : proposal.changes()) {
      head.append("| `")
          .append(change.profile().name())
          .append("` | `")
          .append(change.profile().container())
          .append("` | `")
          .append(change.path())
          .append("` | ")
          .append(summary(change))
          .append(" |\n");
    }
    for (var note : recording.notes()) {
      head.append("\n> ").append(note);
    }
    for (var skipped : proposal.skipped()) {
      head.append("\n> **Not proposed:** ").append(skipped);
    }
    head.append("\n");
    var tail = tryIt(recording.branch(), repository);
    var out = new StringBuilder(head);
    var sections = proposal.changes().stream().map(PullRequestBody::section).toList();
    int shown = 0;
    for (var section : sections) {
      int reserve = tail.length() + 120;
      if (out.length() + section.length() + reserve > limit) {
        break;
      }
      out.append(section);
      shown++;
    }
    if (shown < sections.size()) {
      out.append("\n… and ")
          .append(sections.size() - shown)
          .append(" more profiles not shown here; the files on the branch have them all.\n");
    }
    out.append(tail);
    if (out.length() > limit) {
      return out.substring(0, Math.max(0, limit - 2)) + "…\n";
    }
    return out.toString();
  }

  private static String summary(ProfileChange change) {
    if (change.newProfile()) {
      return "new profile, " + count(change.added().size(), "syscall");
    }
    var parts = new ArrayList<String>();
    if (!change.added().isEmpty()) {
      parts.add("+" + count(change.added().size(), "syscall"));
    }
    if (!change.removed().isEmpty()) {
      parts.add("−" + count(change.removed().size(), "syscall"));
    }
    return String.join(", ", parts);
  }

  private static String section(ProfileChange change) {
    var profile = change.profile();
    var out = new StringBuilder("\n### `").append(profile.name()).append("`\n\n");
    out.append("- Container `")
        .append(profile.container())
        .append("`, recording `")
        .append(profile.recording())
        .append("`");
    if (profile.sources().size() > 1 || !profile.sources().get(0).equals(profile.name())) {
      out.append(", from ").append(code(profile.sources()));
      if (profile.mergedPartials()) {
        out.append(" (partial profiles merged by seccomp-sync)");
      }
    }
    out.append("\n");
    if (change.newProfile()) {
      out.append("- **New profile** allowing ")
          .append(count(change.added().size(), "syscall"))
          .append(": ")
          .append(code(change.added()))
          .append("\n");
    } else {
      if (!change.added().isEmpty()) {
        out.append("- **Syscalls added (")
            .append(change.added().size())
            .append("):** ")
            .append(code(change.added()))
            .append("\n");
      }
      if (!change.removed().isEmpty()) {
        out.append("- **Syscalls removed (")
            .append(change.removed().size())
            .append("):** ")
            .append(code(change.removed()))
            .append("\n");
      }
      if (!change.unused().isEmpty()) {
        out.append("- Git allows ")
            .append(count(change.unused().size(), "syscall"))
            .append(" this recording did not use; they stay: ")
            .append(code(change.unused()))
            .append("\n");
      }
    }
    if (!change.denied().isEmpty()) {
      out.append("- The recording used ")
          .append(count(change.denied().size(), "syscall"))
          .append(" Git keeps out (a deny rule, or `")
          .append(ProposedProfile.DECLINED_ANNOTATION)
          .append("`); they stay out: ")
          .append(code(change.denied()))
          .append("\n");
    }
    var coverage = coverage(profile.coverage(), change.added());
    if (!coverage.isEmpty()) {
      out.append("- Coverage (runs of the recording that used each added syscall): ")
          .append(coverage)
          .append("\n");
    }
    for (var note : change.notes()) {
      out.append("- Note: ").append(note).append("\n");
    }
    return out.toString();
  }

  /** The operator's {@code spo.x-k8s.io/syscall-coverage} counts for the added names. */
  static String coverage(String annotation, List<String> names) {
    if (annotation == null || annotation.isBlank()) {
      return "";
    }
    try {
      var tree = JSON.readTree(annotation);
      var total = tree.path("total").asInt(0);
      var counts = tree.path("syscalls");
      var parts = new ArrayList<String>();
      for (var name : names) {
        if (counts.has(name)) {
          parts.add("`" + name + "` " + counts.path(name).asInt() + "/" + total);
        }
      }
      return String.join(", ", parts);
    } catch (JacksonException e) {
      return "the operator's coverage annotation could not be read";
    }
  }

  private static String tryIt(String branch, String repository) {
    return String.join(
        "\n",
        "",
        "### Try it before merging",
        "",
        "```sh",
        "# what applying this branch would change in a cluster; --force-conflicts takes over",
        "# the fields SPO's recorder owns on a recorded profile of the same name",
        "kubectl seccomp-sync diff --repo "
            + repository
            + " --revision "
            + branch
            + " --force-conflicts",
        "# apply it to a test cluster, checked by the server but not stored",
        "kubectl seccomp-sync apply --repo "
            + repository
            + " --revision "
            + branch
            + " --dry-run=server --force-conflicts",
        "```",
        "",
        "Then run the workload under the profile in a test namespace (a ProfileBinding, or",
        "`securityContext.seccompProfile` of type `Localhost`) and watch for denied syscalls.",
        "To keep a syscall out of later proposals, remove it here and list it in the profile's",
        "`" + ProposedProfile.DECLINED_ANNOTATION + "` annotation.",
        "",
        "<sub>Opened by seccomp-sync. Reruns update this pull request in place; commits people",
        "push to the branch are kept.</sub>",
        "");
  }

  private static String code(List<String> names) {
    return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}

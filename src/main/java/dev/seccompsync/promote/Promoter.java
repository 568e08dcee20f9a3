package dev.seccompsync.promote;

import dev.seccompsync.git.BranchRepository;
import dev.seccompsync.git.GitSource;
import dev.seccompsync.promote.PromotionResult.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.PersonIdent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a recording into a pull request, the same one run after run: one fixed branch per
 * recording, one commit per run that changes something, a push only if the branch is still where it
 * was read, and the open pull request of that branch found and updated rather than opened again.
 * Commits people push to the branch are kept: the new proposal goes on top of them when it merges
 * cleanly, and otherwise the branch is left alone.
 */
public final class Promoter {
  private static final Logger log = LoggerFactory.getLogger(Promoter.class);

  /** The trailer that marks the tool's own commits, with the proposal's digest. */
  static final String PROPOSAL_TRAILER = "Seccomp-Sync-Proposal";

  private static final Pattern TRAILER =
      Pattern.compile("(?m)^" + PROPOSAL_TRAILER + ": ([0-9a-f]+)\\s*$");

  /** Pushes tried when the branch keeps moving between read and push. */
  static final int PUSH_ATTEMPTS = 3;

  /**
   * @param base the branch proposals go into
   * @param paths sub-directories whose manifests are Git's profiles; empty for the whole tree
   * @param author author and committer of the tool's commits
   * @param labels labels for new pull requests
   * @param reviewers reviewers for new pull requests
   * @param draft whether new pull requests are drafts
   * @param dryRun show what would be written, write nothing
   */
  public record Options(
      String base,
      List<String> paths,
      PersonIdent author,
      List<String> labels,
      List<String> reviewers,
      boolean draft,
      boolean dryRun) {
    public Options {
      paths = List.copyOf(paths);
      labels = List.copyOf(labels);
      reviewers = List.copyOf(reviewers);
    }
  }

  private final BranchRepository repository;
  private final PullRequestHost host;
  private final Proposer proposer;
  private final Options options;

  private String readCommit;
  private Map<String, byte[]> readFiles;

  /** Runs between reading the branch and pushing it; tests move the branch here. */
  private Runnable beforePush = () -> {};

  /**
   * @param host where pull requests are opened; {@code null} to push branches only
   */
  public Promoter(
      BranchRepository repository, PullRequestHost host, Proposer proposer, Options options) {
    this.repository = repository;
    this.host = host;
    this.proposer = proposer;
    this.options = options;
  }

  void beforePush(Runnable action) {
    this.beforePush = action;
  }

  public PromotionResult promote(Recording recording) {
    var branch = recording.branch();
    if (recording.pendingPartials() > 0) {
      return result(
          recording,
          Status.MERGE_PENDING,
          null,
          null,
          null,
          "%d partial profiles for recording %s, merge pending: the operator merges them when"
              + " the recording is deleted (or pass --merge-partials)",
          recording.pendingPartials(),
          recording.key());
    }
    for (int attempt = 1; ; attempt++) {
      var heads = repository.fetch(options.base(), branch);
      var baseCommit = heads.get(options.base());
      if (baseCommit == null) {
        throw new PromotionException(
            ("repository %s: base branch %s not found; pass --base, or set promote.base in"
                    + " .seccomp-sync.yaml, to a branch that exists")
                .formatted(repository.shown(), options.base()));
      }
      var proposal = proposer.propose(recording, filesAt(baseCommit));
      if (!proposal.skipped().isEmpty()) {
        // Git cannot be read as it stands: the branch and its pull request are left as they are,
        // or the profiles the problem hides would vanish from them.
        return result(
            recording,
            Status.BLOCKED,
            heads.get(branch),
            null,
            proposal,
            "nothing proposed for recording %s, its branch and pull request left as they are: %s",
            recording.key(),
            String.join("; ", proposal.skipped()));
      }
      if (proposal.isEmpty()) {
        return nothingNew(recording, proposal);
      }
      if (options.dryRun()) {
        return planned(recording, proposal, baseCommit, heads.get(branch));
      }
      var open =
          host == null ? Optional.<PullRequest>empty() : host.findOpen(branch, options.base());
      if (open.isEmpty()) {
        var declined = declined(recording, proposal);
        if (declined != null) {
          return declined;
        }
      }
      var tip = heads.get(branch);
      var written = write(proposal, baseCommit, tip);
      if (written.isEmpty()) {
        return leftAlone(recording, proposal, baseCommit, tip, open.orElse(null));
      }
      var commit = written.get();
      if (!commit.equals(tip)) {
        beforePush.run();
        if (repository.push(commit, branch, tip) == BranchRepository.Pushed.MOVED) {
          if (attempt < PUSH_ATTEMPTS) {
            log.info("branch {} moved while it was read; reading it again", branch);
            continue;
          }
          throw new PromotionException(
              "recording %s: branch %s kept moving during %d pushes; rerun when nothing else"
                      .formatted(recording.key(), branch, PUSH_ATTEMPTS)
                  + " pushes to it");
        }
        log.info("pushed {} to {}", abbreviate(commit), branch);
      }
      try {
        var shown = asOnBranch(proposal, baseCommit, commit);
        return pullRequest(recording, shown, commit, !commit.equals(tip), open);
      } catch (HostingException e) {
        throw new PromotionException(
            "recording %s: branch %s is at %s, but its pull request was not brought up to date:"
                    .formatted(recording.key(), branch, abbreviate(commit))
                + " "
                + e.getMessage()
                + "; a rerun picks up from there",
            e);
      }
    }
  }

  /**
   * What a run would do to the branch, worked out as a run does, with the commit written to the
   * cache only: nothing is pushed and no API is called.
   */
  private PromotionResult planned(Recording recording, Proposal proposal, String base, String tip) {
    var written = write(proposal, base, tip);
    if (written.isEmpty()) {
      var left = leftAlone(recording, proposal, base, tip, null);
      return new PromotionResult(
          left.recording(),
          left.status(),
          left.branch(),
          left.commit(),
          null,
          proposal,
          "dry run: " + left.message());
    }
    var commit = written.get();
    proposal = asOnBranch(proposal, base, commit);
    if (commit.equals(tip)) {
      return result(
          recording,
          Status.UNCHANGED,
          commit,
          null,
          proposal,
          "dry run: branch %s already proposes %s",
          recording.branch(),
          describe(proposal));
    }
    return result(
        recording,
        Status.PLANNED,
        commit,
        null,
        proposal,
        "would propose %s on branch %s (dry run: nothing pushed, no API called)",
        describe(proposal),
        recording.branch());
  }

  /**
   * The proposal as the branch at {@code commit} has it, for its description: where people's
   * commits left out recorded syscalls or removed a profile, the description says so instead of
   * what the tool would propose on its own. The digest stays the tool's own proposal's.
   */
  private Proposal asOnBranch(Proposal proposal, String base, String commit) {
    var peoples =
        repository.commitsSince(commit, base).stream()
            .anyMatch(c -> proposalOf(c.message()) == null);
    if (!peoples) {
      return proposal;
    }
    var atCommit = Proposer.allowedByProfile(repository.read(commit, this::matters));
    var changes = new java.util.ArrayList<ProfileChange>();
    var skipped = new java.util.ArrayList<>(proposal.skipped());
    for (var change : proposal.changes()) {
      var allowed = atCommit.get(change.profile().name());
      if (allowed == null) {
        skipped.add(change.profile().name() + ": people removed its file on the branch");
        continue;
      }
      var added = change.added().stream().filter(allowed::contains).toList();
      var left = change.added().stream().filter(n -> !allowed.contains(n)).toList();
      var notes = new java.util.ArrayList<>(change.notes());
      if (!left.isEmpty()) {
        notes.add(
            "left out on the branch by people: "
                + String.join(", ", left.stream().map(n -> "`" + n + "`").toList()));
      }
      if (added.isEmpty() && change.removed().isEmpty()) {
        skipped.add(change.profile().name() + ": people left out everything it would add");
        continue;
      }
      changes.add(
          new ProfileChange(
              change.profile(),
              change.path(),
              change.newProfile(),
              added,
              change.removed(),
              change.unused(),
              change.denied(),
              notes));
    }
    return new Proposal(proposal.recording(), changes, proposal.files(), skipped);
  }

  /** The commit the branch should be at, or empty when people's commits conflict with it. */
  private Optional<String> write(Proposal proposal, String base, String tip) {
    var message = message(proposal);
    if (tip == null) {
      return Optional.of(repository.commit(base, proposal.files(), options.author(), message));
    }
    var commits = repository.commitsSince(tip, base);
    var ours = commits.stream().filter(c -> proposalOf(c.message()) != null).toList();
    var foreign = commits.stream().filter(c -> proposalOf(c.message()) == null).toList();
    if (foreign.isEmpty()) {
      if (holds(tip, proposal.files())) {
        return Optional.of(tip);
      }
      // Only the tool's commits: the branch is rebuilt on the base as one commit.
      return Optional.of(repository.commit(base, proposal.files(), options.author(), message));
    }
    var last = ours.isEmpty() ? null : ours.get(0);
    if (last != null && proposal.hash().equals(proposalOf(last.message()))) {
      return Optional.of(tip);
    }
    if (!proposer.replaces()) {
      return onTop(proposal, base, tip, ours, message);
    }
    // Replacing also removes lines: a three-way merge carries the change since the tool's last
    // commit onto people's commits.
    var from = last != null ? last.id() : base;
    var again = proposer.propose(proposal.recording(), filesAt(from));
    if (again.isEmpty()) {
      return Optional.of(tip);
    }
    if (!again.skipped().isEmpty()) {
      return Optional.empty();
    }
    var theirs = repository.commit(from, again.files(), options.author(), message);
    var merged = repository.merge(from, tip, theirs, options.author(), message);
    if (merged.isPresent() && repository.sameTree(merged.get(), tip)) {
      return Optional.of(tip);
    }
    return merged;
  }

  /**
   * Adds what the recording has that neither the base allows nor any earlier commit of the tool
   * proposed to the files as people left them on the branch, line by line. A syscall people removed
   * on the branch was proposed before, so it does not come back; an edit next to the new lines is
   * no conflict.
   *
   * @return the commit on top of {@code tip}, {@code tip} when there is nothing new, or empty when
   *     a profile the tool proposed is gone from the branch or its file no longer loads
   */
  private Optional<String> onTop(
      Proposal proposal,
      String base,
      String tip,
      List<BranchRepository.CommitInfo> ours,
      String message) {
    var known = Proposer.allowedByProfile(filesAt(base));
    for (var commit : ours) {
      var after = Proposer.allowedByProfile(repository.read(commit.id(), this::matters));
      var parent = repository.parentOf(commit.id());
      var before =
          parent == null
              ? Map.<String, java.util.Set<String>>of()
              : Proposer.allowedByProfile(repository.read(parent, this::matters));
      after.forEach(
          (name, names) -> {
            var added = new java.util.HashSet<>(names);
            added.removeAll(before.getOrDefault(name, java.util.Set.of()));
            known.computeIfAbsent(name, k -> new java.util.HashSet<>()).addAll(added);
          });
    }
    var narrowed = new java.util.ArrayList<ProposedProfile>();
    var proposedBefore = new java.util.HashSet<String>();
    for (var profile : proposal.recording().profiles()) {
      var seen = known.get(profile.name());
      if (seen != null) {
        proposedBefore.add(profile.name());
      }
      var fresh = new java.util.HashSet<>(profile.syscalls().names());
      fresh.removeAll(seen == null ? java.util.Set.of() : seen);
      if (!fresh.isEmpty()) {
        narrowed.add(profile.onlySyscalls(fresh));
      }
    }
    if (narrowed.isEmpty()) {
      return Optional.of(tip);
    }
    var atTip = proposer.propose(proposal.recording().withProfiles(narrowed), filesAt(tip));
    if (!atTip.skipped().isEmpty()) {
      return Optional.empty();
    }
    for (var change : atTip.changes()) {
      if (change.newProfile() && proposedBefore.contains(change.profile().name())) {
        return Optional.empty(); // people removed or moved the profile's file on the branch
      }
    }
    if (atTip.isEmpty()) {
      return Optional.of(tip);
    }
    return Optional.of(repository.commit(tip, atTip.files(), options.author(), message));
  }

  /**
   * The files that matter at a commit, read once for all the recordings of a run that share a base.
   */
  private Map<String, byte[]> filesAt(String commit) {
    if (!commit.equals(readCommit)) {
      readFiles = repository.read(commit, this::matters);
      readCommit = commit;
    }
    return readFiles;
  }

  private boolean holds(String commit, Map<String, byte[]> files) {
    for (var file : files.entrySet()) {
      var content = repository.file(commit, file.getKey());
      if (content.isEmpty() || !Arrays.equals(content.get(), file.getValue())) {
        return false;
      }
    }
    return true;
  }

  private PromotionResult pullRequest(
      Recording recording,
      Proposal proposal,
      String commit,
      boolean pushed,
      Optional<PullRequest> open) {
    var branch = recording.branch();
    if (host == null) {
      return result(
          recording,
          pushed ? Status.PUSHED : Status.UNCHANGED,
          commit,
          null,
          proposal,
          "%s branch %s (%s); open a pull request from it into %s",
          pushed ? "pushed" : "unchanged",
          branch,
          describe(proposal),
          options.base());
    }
    var title = PullRequestBody.title(proposal);
    var body =
        PullRequestBody.render(proposal, repository.shown(), options.base(), host.maxBodyLength());
    if (open.isPresent()) {
      var pr = open.get();
      boolean same = title.equals(pr.title()) && body.strip().equals(pr.body().strip());
      if (same && !pushed) {
        return result(
            recording,
            Status.UNCHANGED,
            commit,
            pr,
            proposal,
            "PR #%d unchanged (%s)",
            pr.number(),
            describe(proposal));
      }
      var updated = same ? pr : host.update(pr, title, body);
      return result(
          recording,
          Status.UPDATED,
          commit,
          updated,
          proposal,
          "PR #%d updated: %s",
          updated.number(),
          describe(proposal));
    }
    var draft =
        new PullRequestDraft(
            branch,
            options.base(),
            title,
            body,
            options.labels(),
            options.reviewers(),
            options.draft());
    var created = host.create(draft);
    return result(
        recording,
        Status.OPENED,
        commit,
        created,
        proposal,
        "PR #%d opened: %s",
        created.number(),
        describe(proposal));
  }

  /** The result when people closed this very proposal before, else {@code null}. */
  private PromotionResult declined(Recording recording, Proposal proposal) {
    if (host == null) {
      return null;
    }
    for (var closed : host.findClosed(recording.branch(), options.base())) {
      if (proposal.hash().equals(PullRequestBody.hashOf(closed.body()))) {
        return result(
            recording,
            Status.DECLINED,
            null,
            closed,
            proposal,
            "not proposed again: PR #%d proposed exactly this (%s) and was closed without"
                + " merging; a new pull request comes when the recording changes",
            closed.number(),
            describe(proposal));
      }
    }
    return null;
  }

  private PromotionResult nothingNew(Recording recording, Proposal proposal) {
    var why = "Git already allows every syscall recording %s recorded".formatted(recording.key());
    if (host != null && !options.dryRun()) {
      var open = host.findOpen(recording.branch(), options.base());
      if (open.isPresent()) {
        var pr = open.get();
        // Closed because Git has it, not because people declined it: the marker goes, so that a
        // later proposal of the same content is not taken for a declined one.
        host.update(pr, pr.title(), PullRequestBody.retired(pr.body()));
        host.close(
            pr,
            "Closed by seccomp-sync: `"
                + options.base()
                + "` already allows every syscall this recording proposed.");
        return result(
            recording, Status.CLOSED, null, pr, proposal, "%s; PR #%d closed", why, pr.number());
      }
    }
    return result(recording, Status.NOTHING_NEW, null, null, proposal, "%s", why);
  }

  private PromotionResult leftAlone(
      Recording recording, Proposal proposal, String base, String tip, PullRequest open) {
    var people =
        repository.commitsSince(tip, base).stream()
            .filter(c -> proposalOf(c.message()) == null)
            .map(c -> abbreviate(c.id()) + " by " + c.author())
            .toList();
    return result(
        recording,
        Status.LEFT_ALONE,
        tip,
        open,
        proposal,
        "branch %s left alone: commits pushed by people (%s) removed, moved or broke what the"
            + " new proposal changes, or change the same lines; merge or close its pull request,"
            + " or delete the branch to start over",
        recording.branch(),
        String.join(", ", people));
  }

  private String message(Proposal proposal) {
    var lines = new StringBuilder(PullRequestBody.title(proposal)).append("\n\n");
    for (var change : proposal.changes()) {
      lines.append(change.profile().name()).append(": ");
      if (change.newProfile()) {
        lines.append("new profile, ").append(syscalls(change.added().size()));
      } else {
        lines.append("added ").append(String.join(", ", change.added()));
        if (!change.removed().isEmpty()) {
          lines.append("; removed ").append(String.join(", ", change.removed()));
        }
      }
      lines.append("\n");
    }
    lines.append("\nSeccomp-Sync-Recording: ").append(proposal.recording().key()).append("\n");
    lines.append(PROPOSAL_TRAILER).append(": ").append(proposal.hash()).append("\n");
    return lines.toString();
  }

  static String proposalOf(String message) {
    var matcher = TRAILER.matcher(message);
    return matcher.find() ? matcher.group(1) : null;
  }

  /** The files a proposal looks at: the manifests a read of the paths takes, and attributes. */
  private boolean matters(String path) {
    return path.equals(".gitattributes") || GitSource.readsAsManifest(path, options.paths());
  }

  private static String describe(Proposal proposal) {
    var parts =
        proposal.changes().stream()
            .map(
                c ->
                    c.profile().name()
                        + (c.newProfile()
                            ? " (new, " + syscalls(c.added().size()) + ")"
                            : " (+"
                                + c.added().size()
                                + (c.removed().isEmpty() ? "" : " −" + c.removed().size())
                                + ")"))
            .toList();
    return String.join(", ", parts);
  }

  private static String syscalls(int n) {
    return n + (n == 1 ? " syscall" : " syscalls");
  }

  private static String abbreviate(String commit) {
    return commit == null ? "" : commit.substring(0, Math.min(12, commit.length()));
  }

  private PromotionResult result(
      Recording recording,
      Status status,
      String commit,
      PullRequest pr,
      Proposal proposal,
      String format,
      Object... args) {
    return new PromotionResult(
        recording.key(), status, recording.branch(), commit, pr, proposal, format.formatted(args));
  }
}

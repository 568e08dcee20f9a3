package dev.seccompsync.cli;

import dev.seccompsync.SeccompSyncException;
import dev.seccompsync.cluster.CatalogReader;
import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.LiveReader;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.git.BranchRepository;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.promote.PromoteConfig;
import dev.seccompsync.promote.Promoter;
import dev.seccompsync.promote.PromotionException;
import dev.seccompsync.promote.PromotionResult;
import dev.seccompsync.promote.Proposer;
import dev.seccompsync.promote.PullRequestBody;
import dev.seccompsync.promote.PullRequestHost;
import dev.seccompsync.promote.RecordedProfile;
import dev.seccompsync.promote.RecordedProfileReader;
import dev.seccompsync.promote.Recordings;
import dev.seccompsync.report.ExitCodes;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the recorded profiles, then proposes each recording; kept apart from {@link PromoteCommand}
 * so that {@code --help} loads no Kubernetes or Git client.
 */
final class PromoteRunner {

  private final PromoteCommand command;

  PromoteRunner(PromoteCommand command) {
    this.command = command;
  }

  int run(PrintWriter out) {
    var results = new ArrayList<PromotionResult>();
    var requests = new RequestLog();
    try (var repository =
        BranchRepository.open(
            SyncRunner.cacheDirectory().resolve("promote"),
            command.repository,
            SyncRunner.gitCredentials())) {
      var defaultBranch = repository.defaultBranch();
      var settings = PromoteSettings.of(command, config(repository, defaultBranch), defaultBranch);
      var host =
          command.noPullRequest || command.dryRun
              ? null
              : command.hosting.hostIfNamed(command.repository, System.getenv());
      try (var client = KubeClients.connect(command.kube.options(), requests)) {
        run(out, repository, client, settings, host, results);
      }
    }
    if (results.stream().anyMatch(r -> r.status() == PromotionResult.Status.FAILED)) {
      return ExitCodes.ERROR;
    }
    return results.stream().anyMatch(r -> r.status().needsAttention())
        ? ExitCodes.DIFFERENCES
        : ExitCodes.OK;
  }

  /**
   * The repository's {@code .seccomp-sync.yaml} on the {@code --base} branch (else the default
   * branch); hosting flags it sets are taken where none is given.
   */
  private PromoteConfig config(BranchRepository repository, String defaultBranch) {
    var branch = command.base != null ? command.base : defaultBranch;
    var commit = repository.fetch(branch).get(branch);
    if (commit == null) {
      return PromoteConfig.NONE;
    }
    var config = PromoteConfig.parse(repository.file(commit, PromoteConfig.FILE).orElse(null));
    command.hosting.defaults(config.provider(), config.apiUrl(), config.project());
    return config;
  }

  private void run(
      PrintWriter out,
      BranchRepository repository,
      io.fabric8.kubernetes.client.KubernetesClient client,
      PromoteSettings settings,
      PullRequestHost host,
      List<PromotionResult> results) {
    var catalog = new CatalogReader(client).read();
    catalog.requireServed(List.of(SpoKind.SECCOMP_PROFILE));
    var profiles = catalog.find(SpoKind.SECCOMP_PROFILE).orElseThrow();
    var selection =
        new RecordedProfileReader.Selection(
            command.selection.recording, command.kube.namespace, command.selection.selector);
    var reader = new RecordedProfileReader(new LiveReader(client));
    var recorded = read(reader, profiles, selection);
    if (recorded.isEmpty()) {
      if (selection.recording() != null) {
        throw notFound(selection, reader.read(profiles, RecordedProfileReader.Selection.ALL));
      }
      out.println(command.output.equals("json") ? "[]" : nothingRecorded(selection));
      out.flush();
      return;
    }
    var byRecording =
        recorded.stream()
            .collect(
                Collectors.groupingBy(
                    RecordedProfile::recordingKey, TreeMap::new, Collectors.toList()));
    var base = settings.base();
    var proposer =
        new Proposer(
            settings.proposer().forCluster(profiles.namespaced(), profiles.preferredApiVersion()));
    var promoter =
        new Promoter(
            repository,
            host,
            proposer,
            new Promoter.Options(
                base,
                command.paths,
                settings.author(),
                settings.labels(),
                settings.reviewers(),
                settings.draft(),
                command.dryRun));
    var grouping = new Recordings(settings.recordings());
    // One recording that cannot be promoted does not keep the others from it.
    byRecording.forEach(
        (key, members) -> {
          try {
            results.add(promoter.promote(grouping.group(members).get(0)));
          } catch (SeccompSyncException e) {
            results.add(PromotionResult.failed(key, e.getMessage()));
          }
        });
    if (host == null && !command.noPullRequest && !command.dryRun) {
      out.println(
          "note: no hosting service is named by --repo or the flags, so no pull requests are"
              + " opened; pass --provider, --api-url and --project (or --no-pull-request)");
    }
    print(out, results, settings, repository, base, host == null ? 65536 : host.maxBodyLength());
  }

  /** The recorded profiles; a selector the API server refuses is named as the flag it is. */
  private List<RecordedProfile> read(
      RecordedProfileReader reader,
      dev.seccompsync.cluster.KindInfo profiles,
      RecordedProfileReader.Selection selection) {
    try {
      return reader.read(profiles, selection);
    } catch (dev.seccompsync.cluster.ClusterException e) {
      if (e.getCause() instanceof io.fabric8.kubernetes.client.KubernetesClientException k
          && k.getCode() == 400) {
        var flag =
            selection.labelSelector() != null
                ? "-l " + selection.labelSelector()
                : "--recording " + selection.recording();
        var reason = k.getStatus() == null ? null : k.getStatus().getMessage();
        throw new PromotionException(
            "%s: the API server refuses it as a label selector%s; give a selector such as"
                    .formatted(flag, reason == null ? "" : " (" + reason.strip() + ")")
                + " app=web or a recording's name");
      }
      throw e;
    }
  }

  private static PromotionException notFound(
      RecordedProfileReader.Selection selection, List<RecordedProfile> all) {
    var known = new TreeSet<String>();
    all.forEach(p -> known.add(p.recordingKey()));
    var where = selection.namespace() != null ? " in namespace " + selection.namespace() : "";
    return new PromotionException(
        "recording %s%s: no SeccompProfile carries %s=%s; %s"
            .formatted(
                selection.recording(),
                where,
                RecordedProfile.RECORDING_LABEL,
                selection.recording(),
                known.isEmpty()
                    ? "no profiles are recorded on this cluster"
                    : "recordings with profiles: " + String.join(", ", known)));
  }

  private static String nothingRecorded(RecordedProfileReader.Selection selection) {
    var what =
        selection.recording() != null
            ? "recording " + selection.recording()
            : selection.labelSelector() != null
                ? "selector " + selection.labelSelector()
                : "any recording";
    var where = selection.namespace() != null ? " in namespace " + selection.namespace() : "";
    return "no recorded seccomp profiles for %s%s; nothing to promote".formatted(what, where);
  }

  private void print(
      PrintWriter out,
      List<PromotionResult> results,
      PromoteSettings settings,
      BranchRepository repository,
      String base,
      int limit) {
    if (command.output.equals("json")) {
      out.print(json(results));
      out.flush();
      return;
    }
    for (var result : results) {
      out.println(result.recording() + ": " + result.message());
      if (result.status() == PromotionResult.Status.PLANNED) {
        var proposal = result.proposal();
        out.println();
        out.println("branch: " + result.branch() + " (into " + base + ")");
        // The files as the branch would have them: on top of people's commits, where there are.
        for (var path : proposal.files().keySet()) {
          var content =
              result.commit() == null
                  ? proposal.files().get(path)
                  : repository.file(result.commit(), path).orElse(proposal.files().get(path));
          out.println("--- " + path);
          out.print(new String(content, StandardCharsets.UTF_8));
          out.println();
        }
        out.println("--- pull request: " + PullRequestBody.title(proposal));
        out.println(
            "(%s; labels: %s; reviewers: %s; an open or closed pull request of the branch is not"
                    .formatted(
                        settings.draft() ? "draft" : "not a draft",
                        settings.labels().isEmpty() ? "none" : String.join(", ", settings.labels()),
                        settings.reviewers().isEmpty()
                            ? "none"
                            : String.join(", ", settings.reviewers()))
                + " looked up in a dry run)");
        out.println(PullRequestBody.render(proposal, repository.shown(), base, limit));
      }
    }
    out.flush();
  }

  private static String json(List<PromotionResult> results) {
    var mapper = JsonMapper.builder().build();
    var array = mapper.createArrayNode();
    for (var result : results) {
      var node = array.addObject();
      node.put("recording", result.recording());
      node.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
      node.put("branch", result.branch());
      node.put("commit", result.commit());
      if (result.pullRequest() != null) {
        node.put("pullRequest", result.pullRequest().number());
        node.put("url", result.pullRequest().url());
      }
      node.put("message", result.message());
      if (result.proposal() != null) {
        var changes = node.putArray("profiles");
        for (var change : result.proposal().changes()) {
          var c = changes.addObject();
          c.put("name", change.profile().name());
          c.put("container", change.profile().container());
          c.put("path", change.path());
          c.put("new", change.newProfile());
          var added = c.putArray("added");
          change.added().forEach(added::add);
          var removed = c.putArray("removed");
          change.removed().forEach(removed::add);
          var keptOut = c.putArray("keptOut");
          change.denied().forEach(keptOut::add);
          var notes = c.putArray("notes");
          change.notes().forEach(notes::add);
        }
      }
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
  }
}

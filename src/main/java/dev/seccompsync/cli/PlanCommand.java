package dev.seccompsync.cli;

import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.diff.PlanOptions;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.promote.HostingException;
import dev.seccompsync.report.ExitCodes;
import dev.seccompsync.report.MarkdownReport;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seccomp-sync plan --pr N}: the diff of a pull request's head, as one comment on it. */
@Command(
    name = "plan",
    description = {
      "Diff a pull request's head commit against the cluster and post the plan as one comment.",
      "The same comment is edited on every run; writes nothing to the cluster."
    },
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    sortOptions = false,
    footer = ExitCodesFooter.TEXT)
final class PlanCommand extends SyncCommand {

  private static final Pattern NOT_MARKER = Pattern.compile("[^A-Za-z0-9._:/-]+");

  @Option(
      names = "--pr",
      paramLabel = "N",
      required = true,
      description = "Pull request (GitLab: merge request) number.")
  int number;

  @Option(
      names = "--comment-id",
      paramLabel = "NAME",
      description =
          "Which plan comment to keep, so that jobs for several clusters keep one each"
              + " (default: the kubeconfig context, or default).")
  String commentId;

  @Option(names = "--dry-run", description = "Print the comment instead of posting it.")
  boolean dryRun;

  @Option(
      names = "--force-conflicts",
      description = "Predict an apply that takes over fields other managers own.")
  boolean forceConflicts;

  @Mixin HostingMixin hosting;

  @Mixin PruneMixin prune;

  @Override
  public Integer call() {
    checkCommon();
    if (number < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--pr must be a pull request number, got " + number);
    }
    var host = hosting.host(source.repository, System.getenv());
    var provider = host.target().provider();
    var commit = withPermissions(provider, () -> host.headRevision(number));
    if (commit.isEmpty()) {
      throw new HostingException(
          "pull request #" + number + ": the host named no head commit; is it still open?");
    }
    var sourceSpec = source.spec().atCommit(commit, HostingMixin.pullRequestRefs(provider, number));
    var runner = new SyncRunner(sourceSpec, source.loadOptions(), kube.options());
    var result = run(runner);
    // Text goes out before the comment, so that a failed post still shows the plan; a document
    // (-o json, yaml) goes out after it, so that stdout holds one document either way.
    if (output == OutputFormat.text) {
      print(result);
    }
    var context = runner.contextName();
    var marker = "plan:" + (commentId != null ? commentId : derived(context));
    // upsertComment puts the marker line above the body.
    var room = host.maxBodyLength() - ("<!-- seccomp-sync:" + marker + " -->\n").length();
    var body = MarkdownReport.plan(result, context, room);
    var err = spec.commandLine().getErr();
    if (dryRun) {
      var shown = output == OutputFormat.text ? spec.commandLine().getOut() : err;
      shown.print(body);
      shown.flush();
      err.println(
          "plan: dry run; comment %s on pull request #%d not posted".formatted(marker, number));
    } else {
      var done = withPermissions(provider, () -> host.upsertComment(number, marker, body));
      err.println(
          "plan: comment %s on pull request #%d %s"
              .formatted(
                  marker,
                  number,
                  switch (done) {
                    case CREATED -> "posted";
                    case EDITED -> "edited";
                    case UNCHANGED -> "already up to date";
                  }));
    }
    if (output != OutputFormat.text) {
      print(result);
    }
    err.flush();
    return ExitCodes.of(result);
  }

  @Override
  RunResult run(SyncRunner runner) {
    var options =
        ApplyOptions.of(new PlanOptions(forceConflicts, common.concurrency))
            .withPrune(prune.options(spec.commandLine()))
            .withInventory(prune.inventoryRef(spec.commandLine()));
    return runner.run((engine, source) -> engine.diff(source, options));
  }

  /** A refused token names what plan needs, not only that it was refused. */
  private static <T> T withPermissions(
      dev.seccompsync.promote.Provider provider, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (HostingException e) {
      if (e.status() == 401) {
        throw new HostingException(
            e.getMessage() + "; plan needs a token with " + HostingMixin.planPermissions(provider),
            e.status());
      }
      throw e;
    }
  }

  /** A context name as a marker: characters a marker cannot hold become dashes. */
  static String derived(String context) {
    if (context == null || context.isBlank()) {
      return "default";
    }
    var name = NOT_MARKER.matcher(context.strip()).replaceAll("-");
    name = name.replaceAll("^[^A-Za-z0-9]+", "");
    if (name.isEmpty()) {
      return "default";
    }
    return name.length() > 90 ? name.substring(0, 90) : name;
  }
}

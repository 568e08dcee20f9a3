package dev.seccompsync.cli;

import dev.seccompsync.diff.PlanOptions;
import dev.seccompsync.diff.RunResult;
import picocli.CommandLine.Command;

/** {@code seccomp-sync diff}. */
@Command(
    name = "diff",
    description = {
      "Show how the cluster differs from Git; writes nothing.",
      "Unified diffs of the normalized objects, confirmed with a server-side dry run."
    },
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    sortOptions = false,
    footer = ExitCodesFooter.TEXT)
final class DiffCommand extends SyncCommand {

  @picocli.CommandLine.Option(
      names = "--force-conflicts",
      description = "Predict an apply that takes over fields other managers own.")
  boolean forceConflicts;

  @Override
  RunResult run(SyncRunner runner) {
    return runner.run(
        (engine, source) ->
            engine.diff(source, new PlanOptions(forceConflicts, common.concurrency)));
  }
}

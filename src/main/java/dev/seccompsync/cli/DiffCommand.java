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

  @picocli.CommandLine.Mixin PruneMixin prune;

  @Override
  RunResult run(SyncRunner runner) {
    var options =
        dev.seccompsync.apply.ApplyOptions.of(new PlanOptions(forceConflicts, common.concurrency))
            .withPrune(prune.options(spec.commandLine()))
            .withInventory(prune.inventoryRef(spec.commandLine()));
    return runner.run((engine, source) -> engine.diff(source, options));
  }
}

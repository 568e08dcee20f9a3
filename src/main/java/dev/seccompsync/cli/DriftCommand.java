package dev.seccompsync.cli;

import dev.seccompsync.diff.PlanOptions;
import dev.seccompsync.diff.RunResult;
import picocli.CommandLine.Command;

/** {@code seccomp-sync drift}. */
@Command(
    name = "drift",
    description = {
      "Report every difference and hazard: missing, changed, unmanaged, orphaned and recorded",
      "objects, inert bindings, profiles not installed. Writes nothing."
    },
    mixinStandardHelpOptions = true,
    sortOptions = false,
    footer = ExitCodesFooter.TEXT)
final class DriftCommand extends SyncCommand {

  @Override
  RunResult run(SyncRunner runner) {
    return runner.run(
        (engine, source) -> engine.drift(source, new PlanOptions(false, common.concurrency)));
  }
}

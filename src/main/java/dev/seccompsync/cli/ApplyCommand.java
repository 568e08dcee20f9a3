package dev.seccompsync.cli;

import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.diff.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code seccomp-sync apply}. */
@Command(
    name = "apply",
    description = {
      "Server-side apply what differs from Git, base profiles first.",
      "Field manager seccomp-sync; objects that already match are not sent."
    },
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    sortOptions = false,
    footer = ExitCodesFooter.TEXT)
final class ApplyCommand extends SyncCommand {

  @Option(
      names = "--dry-run",
      paramLabel = "MODE",
      arity = "0..1",
      fallbackValue = "server",
      defaultValue = "none",
      description = "'server': show what would change, after the server's dry run; write nothing.")
  String dryRun;

  @Option(
      names = "--force-conflicts",
      description = "Take over fields that other field managers own (default: report conflicts).")
  boolean forceConflicts;

  @picocli.CommandLine.Mixin PruneMixin prune;

  @Override
  RunResult run(SyncRunner runner) {
    var dry =
        switch (dryRun) {
          case "none" -> false;
          case "server" -> true;
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "--dry-run=%s is not supported; use --dry-run=server".formatted(dryRun));
        };
    var options =
        new ApplyOptions(forceConflicts, common.concurrency)
            .withPrune(prune.options(spec.commandLine()))
            .withInventory(prune.inventoryRef(spec.commandLine()));
    return runner.run((engine, source) -> engine.apply(source, options, dry));
  }
}

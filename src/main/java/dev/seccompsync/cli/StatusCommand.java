package dev.seccompsync.cli;

import dev.seccompsync.cluster.InventoryRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seccomp-sync status}: what the inventory says was applied last. */
@Command(
    name = "status",
    description = "Show the last applied revision, when, and the counts, from the inventory.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    sortOptions = false,
    footer = {"", "Exit codes: 0 shown; 1 nothing applied yet; 2 error."})
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KubeMixin kube;

  @Mixin CommonMixin common;

  @Option(
      names = "--inventory",
      paramLabel = "NS/NAME",
      defaultValue = "seccomp-sync/seccomp-sync",
      description = "The inventory ConfigMap (default: seccomp-sync/seccomp-sync).")
  String inventory;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: text).")
  String output;

  @Override
  public Integer call() {
    InventoryRef ref;
    try {
      ref = InventoryRef.parse(inventory);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--inventory: " + e.getMessage());
    }
    if (!output.equals("text") && !output.equals("json")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--output must be text or json, not '%s'".formatted(output));
    }
    return new StatusPrinter(kube.options(), ref, output.equals("json"))
        .print(spec.commandLine().getOut());
  }
}

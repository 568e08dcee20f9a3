package dev.seccompsync.cli;

import dev.seccompsync.apply.PruneOptions;
import dev.seccompsync.cluster.InventoryRef;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Pruning and the inventory it works from. */
final class PruneMixin {

  @Option(
      names = "--prune",
      description =
          "Delete the inventory's members that left Git (only objects seccomp-sync applied).")
  boolean prune;

  @Option(
      names = "--inventory",
      paramLabel = "NS/NAME",
      description =
          "ApplySet parent ConfigMap that records what was applied (default with --prune:"
              + " seccomp-sync/seccomp-sync).")
  String inventory;

  @Option(
      names = "--allow-mass-prune",
      description = "Prune even when that deletes every member, or more than --max-prune of them.")
  boolean allowMassPrune;

  @Option(
      names = "--max-prune",
      paramLabel = "PERCENT",
      defaultValue = "50",
      description = "Largest share of the members one run prunes (default: 50).")
  int maxPercent;

  @Option(
      names = "--prune-wait",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "How long to wait for deleted objects to go before reporting them pending (default: 5s).")
  Duration wait;

  @Option(
      names = "--adopt-inventory",
      description =
          "Prune from an inventory that another repository applied last (default: refuse).")
  boolean adopt;

  /**
   * The options, checked.
   *
   * @throws picocli.CommandLine.ParameterException for values out of range, or prune flags without
   *     --prune
   */
  PruneOptions options(picocli.CommandLine commandLine) {
    if (maxPercent < 0 || maxPercent > 100) {
      throw new picocli.CommandLine.ParameterException(
          commandLine, "--max-prune must be 0 to 100, not " + maxPercent);
    }
    var parsed = commandLine.getParseResult();
    if (!prune) {
      for (var flag :
          new String[] {"--allow-mass-prune", "--max-prune", "--adopt-inventory", "--prune-wait"}) {
        if (parsed.hasMatchedOption(flag)) {
          throw new picocli.CommandLine.ParameterException(
              commandLine, flag + " has no effect without --prune; add --prune or drop it");
        }
      }
    }
    return new PruneOptions(prune, allowMassPrune, maxPercent, wait, adopt);
  }

  InventoryRef inventoryRef(picocli.CommandLine commandLine) {
    if (inventory == null) {
      return null;
    }
    try {
      return InventoryRef.parse(inventory);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          commandLine, "--inventory: " + e.getMessage());
    }
  }
}

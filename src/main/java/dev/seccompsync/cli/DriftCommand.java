package dev.seccompsync.cli;

import dev.seccompsync.diff.DriftCategory;
import dev.seccompsync.diff.PlanOptions;
import dev.seccompsync.diff.RunResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code seccomp-sync drift}. */
@Command(
    name = "drift",
    description = {
      "Report every difference and hazard between Git and the cluster.",
      "Categories: missing, changed, unmanaged, orphaned, recorded (promotion candidates),",
      "inert-binding, not-installed. Writes nothing."
    },
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    sortOptions = false,
    footer = ExitCodesFooter.TEXT)
final class DriftCommand extends SyncCommand {

  @Option(
      names = "--ignore",
      paramLabel = "CATEGORY",
      split = ",",
      description = "Leave out findings of these categories (repeat, or separate with commas).")
  List<String> ignore = new ArrayList<>();

  @Mixin HostingMixin hosting;

  @Override
  RunResult run(SyncRunner runner) {
    var ignored = categories();
    var result =
        runner
            .run(
                (engine, source) ->
                    engine.drift(source, new PlanOptions(false, common.concurrency)))
            .without(ignored);
    return new PromotionLookup(hosting, source.repository, source.revision).annotate(result);
  }

  private Set<DriftCategory> categories() {
    var set = EnumSet.noneOf(DriftCategory.class);
    for (var name : ignore) {
      set.add(
          Arrays.stream(DriftCategory.values())
              .filter(c -> c.wireName().equals(name.trim()))
              .findFirst()
              .orElseThrow(() -> unknownCategory(name)));
    }
    return set;
  }

  private ParameterException unknownCategory(String name) {
    var known = Arrays.stream(DriftCategory.values()).map(DriftCategory::wireName).toList();
    return new ParameterException(
        spec.commandLine(),
        "--ignore: unknown category '%s'; use one of %s".formatted(name, String.join(", ", known)));
  }
}

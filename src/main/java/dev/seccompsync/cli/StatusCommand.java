package dev.seccompsync.cli;

import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.InventoryStore;
import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.report.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

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
    try (var client = KubeClients.connect(kube.options(), new RequestLog())) {
      var record = new InventoryStore(client).read(ref);
      var out = spec.commandLine().getOut();
      if (output.equals("json")) {
        var tree = JsonMapper.builder().build().createObjectNode();
        tree.put("inventory", ref.toString());
        tree.put("applySetId", ref.applySetId());
        tree.put("revision", record.revision());
        tree.put("appliedAt", record.appliedAt() == null ? null : record.appliedAt().toString());
        tree.put("source", record.source());
        var counts = tree.putObject("counts");
        record.counts().forEach(counts::put);
        var kinds = tree.putArray("groupKinds");
        record.groupKinds().forEach(kinds::add);
        out.println(tree.toPrettyString());
      } else if (record.revision() == null) {
        out.println("inventory %s: nothing applied yet".formatted(ref));
      } else {
        out.println("inventory:  " + ref + " (" + ref.applySetId() + ")");
        out.println("source:     " + record.source());
        out.println("revision:   " + record.revision());
        out.println("applied at: " + record.appliedAt());
        var counts = new StringBuilder();
        record
            .counts()
            .forEach((k, v) -> counts.append(counts.isEmpty() ? "" : ", ").append(v + " " + k));
        out.println("last apply: " + (counts.isEmpty() ? "no objects" : counts));
        out.println("kinds:      " + String.join(", ", record.groupKinds()));
      }
      out.flush();
      return record.revision() == null ? ExitCodes.DIFFERENCES : ExitCodes.OK;
    }
  }
}

package dev.seccompsync.cli;

import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.InventoryStore;
import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.report.ExitCodes;
import java.io.PrintWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the inventory and prints it; kept apart from {@link StatusCommand} so that {@code --help}
 * loads no Kubernetes client.
 */
final class StatusPrinter {

  private final KubeOptions kube;
  private final InventoryRef ref;
  private final boolean json;

  StatusPrinter(KubeOptions kube, InventoryRef ref, boolean json) {
    this.kube = kube;
    this.ref = ref;
    this.json = json;
  }

  int print(PrintWriter out) {
    try (var client = KubeClients.connect(kube, new RequestLog())) {
      var record = new InventoryStore(client).read(ref);
      if (json) {
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

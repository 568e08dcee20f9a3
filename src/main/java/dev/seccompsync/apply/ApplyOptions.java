package dev.seccompsync.apply;

import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.manifest.ObjectId;
import java.util.Set;

/**
 * How apply writes.
 *
 * @param forceConflicts whether fields other managers own are taken over
 * @param concurrency the most apply requests in flight
 * @param prune whether and how members that left Git are deleted
 * @param inventory the inventory applied objects join, or {@code null} for none (a prune without
 *     one uses {@link InventoryRef#DEFAULT})
 * @param held objects not to send this time (they are backing off after failures)
 */
public record ApplyOptions(
    boolean forceConflicts,
    int concurrency,
    PruneOptions prune,
    InventoryRef inventory,
    Set<ObjectId> held) {

  public ApplyOptions {
    held = Set.copyOf(held);
  }

  public ApplyOptions(boolean forceConflicts, int concurrency) {
    this(forceConflicts, concurrency, PruneOptions.OFF, null, Set.of());
  }

  /** The apply that a plan made with these options describes. */
  public static ApplyOptions of(dev.seccompsync.diff.PlanOptions plan) {
    return new ApplyOptions(plan.forceConflicts(), plan.concurrency());
  }

  public static ApplyOptions defaults() {
    return new ApplyOptions(false, 8);
  }

  public ApplyOptions withPrune(PruneOptions newPrune) {
    return new ApplyOptions(forceConflicts, concurrency, newPrune, inventory, held);
  }

  public ApplyOptions withInventory(InventoryRef newInventory) {
    return new ApplyOptions(forceConflicts, concurrency, prune, newInventory, held);
  }

  public ApplyOptions withHeld(Set<ObjectId> newHeld) {
    return new ApplyOptions(forceConflicts, concurrency, prune, inventory, newHeld);
  }

  /** The inventory in use: the one named, or the default when pruning; else {@code null}. */
  public InventoryRef effectiveInventory() {
    return inventory != null ? inventory : prune.enabled() ? InventoryRef.DEFAULT : null;
  }

  public dev.seccompsync.diff.PlanOptions planOptions() {
    return new dev.seccompsync.diff.PlanOptions(forceConflicts, concurrency);
  }
}

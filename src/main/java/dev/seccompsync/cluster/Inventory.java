package dev.seccompsync.cluster;

import java.time.Instant;
import java.util.Map;
import java.util.SortedSet;

/**
 * What the inventory records: the kinds and namespaces its members are in (the ApplySet annotations
 * kubectl reads), and seccomp-sync's own record of the last apply.
 *
 * @param ref where the inventory lives
 * @param groupKinds {@code Kind.group} of every kind with members
 * @param namespaces the namespaces of namespaced members
 * @param revision the Git commit last applied, or {@code null}
 * @param appliedAt when it was applied, or {@code null}
 * @param source the repository it came from (credentials removed), or {@code null}
 * @param counts objects by action in the last apply ({@code created}, {@code pruned}, ...)
 */
public record Inventory(
    InventoryRef ref,
    SortedSet<String> groupKinds,
    SortedSet<String> namespaces,
    String revision,
    Instant appliedAt,
    String source,
    Map<String, Integer> counts) {

  public Inventory {
    groupKinds = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(groupKinds));
    namespaces = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(namespaces));
    counts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counts));
  }

  /** An inventory with no record yet. */
  public static Inventory empty(InventoryRef ref) {
    return new Inventory(
        ref, new java.util.TreeSet<>(), new java.util.TreeSet<>(), null, null, null, Map.of());
  }

  public String id() {
    return ref.applySetId();
  }
}

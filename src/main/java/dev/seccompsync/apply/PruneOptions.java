package dev.seccompsync.apply;

import java.time.Duration;

/**
 * Whether and how apply deletes the inventory's members that left Git.
 *
 * @param enabled whether to prune at all
 * @param allowMassPrune whether a prune of every member, or of more than {@code maxPercent} of
 *     them, goes ahead
 * @param maxPercent the largest share of the members one run prunes without {@code allowMassPrune}
 * @param deletionWait how long to wait for deleted objects to disappear before reporting them
 *     pending
 * @param adoptInventory whether to prune from an inventory that another repository applied last
 */
public record PruneOptions(
    boolean enabled,
    boolean allowMassPrune,
    int maxPercent,
    Duration deletionWait,
    boolean adoptInventory) {

  public static final PruneOptions OFF = new PruneOptions(false, false, 50, Duration.ofSeconds(5));

  public PruneOptions(
      boolean enabled, boolean allowMassPrune, int maxPercent, Duration deletionWait) {
    this(enabled, allowMassPrune, maxPercent, deletionWait, false);
  }

  public static PruneOptions on() {
    return new PruneOptions(true, false, 50, Duration.ofSeconds(5));
  }
}

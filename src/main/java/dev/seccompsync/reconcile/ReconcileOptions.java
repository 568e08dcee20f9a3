package dev.seccompsync.reconcile;

import dev.seccompsync.apply.ApplyOptions;
import java.time.Duration;

/**
 * How the reconciler runs.
 *
 * @param mode detect or heal
 * @param interval how often Git is polled, and the longest time between two passes
 * @param debounce how long a burst of watch events is gathered into one pass
 * @param apply how a heal pass applies and prunes (its inventory is always set)
 * @param syncTimeout how long a pass waits for a watch's first LIST
 */
public record ReconcileOptions(
    ReconcileMode mode,
    Duration interval,
    Duration debounce,
    ApplyOptions apply,
    Duration syncTimeout) {}

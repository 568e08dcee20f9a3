package dev.seccompsync.migrate;

import dev.seccompsync.cluster.SpoGeneration;
import java.util.List;
import java.util.Map;

/**
 * What {@code migrate} did or would do.
 *
 * @param target the generation migrated to
 * @param rewritten the new content of each file that changes
 * @param changes every change, by file and line
 * @param skipped files left alone, each with the reason
 */
public record MigrationResult(
    SpoGeneration target,
    Map<String, byte[]> rewritten,
    List<Change> changes,
    List<String> skipped) {}

package dev.seccompsync.cluster;

/**
 * A field another manager owns with a different value, as a server-side apply reports it.
 *
 * @param manager the other field manager
 * @param field the field path, such as {@code .spec.defaultAction}
 */
public record FieldConflict(String manager, String field) {}

package dev.seccompsync.cluster;

import java.util.List;

/** A server-side apply refused because other managers own fields it would change. */
public final class ApplyConflictException extends ClusterException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldConflict> conflicts;

  public ApplyConflictException(String message, List<FieldConflict> conflicts, Throwable cause) {
    super(message, cause);
    this.conflicts = List.copyOf(conflicts);
  }

  public List<FieldConflict> conflicts() {
    return conflicts;
  }
}

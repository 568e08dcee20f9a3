package dev.seccompsync.cluster;

/**
 * How one server-side apply is sent.
 *
 * @param dryRun whether the server only answers what it would store
 * @param force whether conflicts with other field managers are overridden
 */
public record ApplyMode(boolean dryRun, boolean force) {

  public static ApplyMode dryRun(boolean force) {
    return new ApplyMode(true, force);
  }

  public static ApplyMode write(boolean force) {
    return new ApplyMode(false, force);
  }
}

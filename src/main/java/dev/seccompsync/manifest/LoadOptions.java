package dev.seccompsync.manifest;

/**
 * How strictly manifests are read.
 *
 * @param strict whether a document of a kind seccomp-sync does not manage is an error rather than a
 *     warning
 * @param maxFileBytes files larger than this are refused unread
 */
public record LoadOptions(boolean strict, long maxFileBytes) {

  /** Files above 4 MiB are refused: the API server rejects objects far smaller than that. */
  public static final long DEFAULT_MAX_FILE_BYTES = 4L * 1024 * 1024;

  public static LoadOptions defaults() {
    return new LoadOptions(false, DEFAULT_MAX_FILE_BYTES);
  }

  public LoadOptions withStrict(boolean strict) {
    return new LoadOptions(strict, maxFileBytes);
  }
}

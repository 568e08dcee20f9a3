package dev.seccompsync.manifest;

/**
 * How strictly manifests are read.
 *
 * @param strict whether a document of a kind seccomp-sync does not manage is an error rather than a
 *     warning
 * @param maxFileBytes files larger than this are refused unread
 * @param convertRaw whether a {@code .json} file holding a raw seccomp profile (the runtime's or
 *     Docker's format, not a Kubernetes object) loads as a SeccompProfile named after the file,
 *     rather than being skipped with a warning
 */
public record LoadOptions(boolean strict, long maxFileBytes, boolean convertRaw) {

  /** Files above 4 MiB are refused: the API server rejects objects far smaller than that. */
  public static final long DEFAULT_MAX_FILE_BYTES = 4L * 1024 * 1024;

  public LoadOptions(boolean strict, long maxFileBytes) {
    this(strict, maxFileBytes, false);
  }

  public static LoadOptions defaults() {
    return new LoadOptions(false, DEFAULT_MAX_FILE_BYTES, false);
  }

  public LoadOptions withStrict(boolean strict) {
    return new LoadOptions(strict, maxFileBytes, convertRaw);
  }

  public LoadOptions withConvertRaw(boolean convertRaw) {
    return new LoadOptions(strict, maxFileBytes, convertRaw);
  }
}

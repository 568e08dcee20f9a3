package dev.seccompsync.manifest;

/**
 * Where a manifest came from: a file path relative to the repository root, the document's index in
 * that file (0-based) and the line the document starts on (1-based).
 */
public record Origin(String path, int document, int line) {

  /** An origin for problems that concern a whole file rather than one document. */
  public static Origin file(String path) {
    return new Origin(path, 0, 0);
  }

  @Override
  public String toString() {
    return line > 0 ? path + ":" + line : path;
  }
}

package dev.seccompsync.manifest;

/** A YAML stream that cannot be read, with the 1-based line where reading stopped. */
public final class YamlFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;

  public YamlFormatException(int line, String message, Throwable cause) {
    super(message, cause);
    this.line = line;
  }

  /** The 1-based line of the problem, or 0 when it concerns the whole file. */
  public int line() {
    return line;
  }
}

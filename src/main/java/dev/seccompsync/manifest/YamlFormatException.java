package dev.seccompsync.manifest;

/** A YAML stream that cannot be read, with the 1-based line where reading stopped. */
public final class YamlFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final boolean refused;

  public YamlFormatException(int line, String message, Throwable cause) {
    this(line, message, cause, false);
  }

  /**
   * @param refused whether the YAML is well-formed but refused for safety (alias expansion), rather
   *     than broken
   */
  public YamlFormatException(int line, String message, Throwable cause, boolean refused) {
    super(message, cause);
    this.line = line;
    this.refused = refused;
  }

  /** The 1-based line of the problem, or 0 when it concerns the whole file. */
  public int line() {
    return line;
  }

  /** Whether the stream is well-formed YAML that was refused for safety. */
  public boolean refused() {
    return refused;
  }
}

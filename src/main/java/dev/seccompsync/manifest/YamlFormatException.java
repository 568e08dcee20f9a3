package dev.seccompsync.manifest;

/** A YAML stream that cannot be read, with the 1-based line where reading stopped. */
public final class YamlFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final boolean refused;
  private final boolean explained;

  public YamlFormatException(int line, String message, Throwable cause) {
    this(line, message, cause, false);
  }

  /**
   * @param refused whether the YAML is well-formed but refused for safety (alias expansion), rather
   *     than broken
   */
  public YamlFormatException(int line, String message, Throwable cause, boolean refused) {
    this(line, message, cause, refused, false);
  }

  private YamlFormatException(
      int line, String message, Throwable cause, boolean refused, boolean explained) {
    super(message, cause);
    this.line = line;
    this.refused = refused;
    this.explained = explained;
  }

  /**
   * A stream that cannot be read for a reason the message names together with its fix, such as a
   * tab used for indentation; the message is shown as it is.
   */
  public static YamlFormatException explained(int line, String message) {
    return new YamlFormatException(line, message, null, false, true);
  }

  /** The 1-based line of the problem, or 0 when it concerns the whole file. */
  public int line() {
    return line;
  }

  /** Whether the stream is well-formed YAML that was refused for safety. */
  public boolean refused() {
    return refused;
  }

  /** Whether the message already says what is wrong and how to fix it. */
  public boolean explained() {
    return explained;
  }
}

package dev.seccompsync;

/**
 * The base of every failure seccomp-sync reports to a user. The message starts with its subject (an
 * object, a file, a repository) and ends with what to do; the CLI prints it as one line.
 */
public class SeccompSyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SeccompSyncException(String message) {
    super(message);
  }

  public SeccompSyncException(String message, Throwable cause) {
    super(message, cause);
  }
}

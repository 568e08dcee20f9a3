package dev.seccompsync.manifest;

/**
 * Something wrong with the input that does not stop the other objects: a broken document, a kind
 * seccomp-sync does not manage, an object defined twice.
 *
 * @param origin the file and line it concerns
 * @param severity whether it makes the run fail
 * @param message one line, naming what is wrong and what to do
 */
public record Problem(Origin origin, Severity severity, String message) {

  /** How bad a problem is. */
  public enum Severity {
    WARNING,
    ERROR
  }

  public static Problem error(Origin origin, String message) {
    return new Problem(origin, Severity.ERROR, message);
  }

  public static Problem warning(Origin origin, String message) {
    return new Problem(origin, Severity.WARNING, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return origin + ": " + message;
  }
}

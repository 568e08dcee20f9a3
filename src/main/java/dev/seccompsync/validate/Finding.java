package dev.seccompsync.validate;

import java.util.Locale;

/**
 * One problem {@code validate} found.
 *
 * @param severity how bad it is
 * @param rule a stable identifier, such as {@code unknown-syscall}, for filters and SARIF
 * @param path the file, relative to the repository root
 * @param line the 1-based line, or 0 when the finding is about a whole file
 * @param object the object, such as {@code SeccompProfile/team-a/web}, or {@code null}
 * @param pointer the JSON pointer of the field, such as {@code /spec/syscalls/1/names/2}, or {@code
 *     null}
 * @param message what is wrong, in one line
 * @param fix what to do about it, or {@code null}
 */
public record Finding(
    Severity severity,
    String rule,
    String path,
    int line,
    String object,
    String pointer,
    String message,
    String fix) {

  /** How bad a finding is. */
  public enum Severity {
    ERROR,
    WARNING,
    NOTE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this is at least as severe as {@code other}. */
    public boolean atLeast(Severity other) {
      return ordinal() <= other.ordinal();
    }
  }

  /** {@code file:line: severity: object: message (fix)} in one line. */
  public String oneLine() {
    var where = line > 0 ? path + ":" + line : path;
    var subject = object == null ? "" : object + (pointer == null ? "" : " " + pointer) + ": ";
    return "%s: %s: %s%s%s"
        .formatted(where, severity.wireName(), subject, message, fix == null ? "" : "; " + fix);
  }
}

package dev.seccompsync.promote;

import java.nio.file.Path;

/**
 * An API token, kept out of every message: {@link #toString()} names only where it came from, and
 * the value leaves this package only in a request header.
 */
public final class Token {

  private final String value;
  private final String variable;
  private final Path file;

  private Token(String value, String variable, Path file) {
    this.value = value;
    this.variable = variable;
    this.file = file;
  }

  /** A token the caller already holds. */
  public static Token of(String value) {
    return new Token(checked(value, "the token"), null, null);
  }

  static Token fromVariable(String variable, String value) {
    return new Token(checked(value, variable), variable, null);
  }

  static Token fromFile(Path file, String value) {
    return new Token(checked(value, "token file " + file), null, file);
  }

  String value() {
    return value;
  }

  /** What to check when the host refuses this token. */
  String hint(Provider provider) {
    if (file != null) {
      return "check the token in " + file + " (--token-file)";
    }
    var name = variable != null ? variable : provider.tokenVariable();
    return "check " + name + " (or --token-file)";
  }

  @Override
  public String toString() {
    var from = file != null ? "file " + file : variable != null ? "variable " + variable : "caller";
    return "Token[from " + from + ", value hidden]";
  }

  private static String checked(String value, String subject) {
    if (value == null || value.isBlank()) {
      throw new HostingException(subject + " is empty; give the token itself");
    }
    for (int i = 0; i < value.length(); i++) {
      var c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new HostingException(
            subject
                + " holds a space, a line break or a non-ASCII character, which cannot be sent"
                + " in an HTTP header; keep only the token in it");
      }
    }
    return value;
  }
}

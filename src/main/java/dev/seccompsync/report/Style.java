package dev.seccompsync.report;

/** ANSI colours for text output, applied only when writing to a terminal. */
public record Style(boolean color) {

  public static final Style PLAIN = new Style(false);

  String red(String text) {
    return paint("31", text);
  }

  String green(String text) {
    return paint("32", text);
  }

  String yellow(String text) {
    return paint("33", text);
  }

  String cyan(String text) {
    return paint("36", text);
  }

  String bold(String text) {
    return paint("1", text);
  }

  private String paint(String code, String text) {
    return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}

package dev.seccompsync.migrate;

/**
 * One change {@code migrate} makes, as reported.
 *
 * @param path the file
 * @param line the 1-based line in the original file
 * @param object the object, such as {@code SeccompProfile/team-a/web}
 * @param description what changes, such as {@code spec.disabled: true -> spec.state: Disabled}
 */
public record Change(String path, int line, String object, String description) {

  @Override
  public String toString() {
    return "%s:%d: %s: %s".formatted(path, line, object, description);
  }
}

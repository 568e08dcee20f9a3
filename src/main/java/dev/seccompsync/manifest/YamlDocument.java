package dev.seccompsync.manifest;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One non-empty document of a YAML stream, converted to a JSON tree.
 *
 * @param index the document's position in its file, counting empty documents too
 * @param line the 1-based line the document's content starts on
 * @param tree the content
 * @param ambiguities scalars that other YAML readers would type differently
 */
public record YamlDocument(int index, int line, JsonNode tree, List<Ambiguity> ambiguities) {

  /**
   * A scalar whose type depends on the reader: an unquoted {@code yes}, {@code no}, {@code on} or
   * {@code off} is a string here (YAML 1.2) and a boolean for kubectl (YAML 1.1); a number where
   * Kubernetes expects text (a label or annotation value) is refused by the server or changed on
   * the way ({@code 1.10} becomes {@code 1.1}).
   *
   * @param path the dotted path, such as {@code metadata.labels.approved}
   * @param line the 1-based line
   * @param text the scalar as written
   * @param yaml11Boolean whether it is a YAML 1.1 boolean word; otherwise a number or boolean in a
   *     place that takes text
   */
  public record Ambiguity(String path, int line, String text, boolean yaml11Boolean) {}
}

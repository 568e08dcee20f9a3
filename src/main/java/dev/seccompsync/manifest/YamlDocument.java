package dev.seccompsync.manifest;

import tools.jackson.databind.JsonNode;

/**
 * One non-empty document of a YAML stream, converted to a JSON tree.
 *
 * @param index the document's position in its file, counting empty documents too
 * @param line the 1-based line the document's content starts on
 * @param tree the content
 */
public record YamlDocument(int index, int line, JsonNode tree) {}

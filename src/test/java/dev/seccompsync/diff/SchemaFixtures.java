package dev.seccompsync.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The SeccompProfile schema fixture and JSON/YAML parsing for the diff tests. */
final class SchemaFixtures {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private SchemaFixtures() {}

  /** The SeccompProfile {@code openAPIV3Schema} in {@code seccompprofile-schema.yaml}. */
  static Schema seccompProfileSchema() {
    try (var in = SchemaFixtures.class.getResourceAsStream("seccompprofile-schema.yaml")) {
      return Schema.of(YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String text) {
    return (ObjectNode) JSON.readTree(text);
  }

  static ObjectNode yaml(String text) {
    return (ObjectNode) YAML.readTree(text);
  }

  static JsonNode node(String json) {
    return JSON.readTree(json);
  }
}

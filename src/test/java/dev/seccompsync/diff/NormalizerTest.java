package dev.seccompsync.diff;

import static dev.seccompsync.diff.SchemaFixtures.json;
import static dev.seccompsync.diff.SchemaFixtures.seccompProfileSchema;
import static dev.seccompsync.diff.SchemaFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NormalizerTest {

  private final Schema schema = seccompProfileSchema();

  // Shared case C21: set-typed lists compare as sets.
  @Test
  void sortsAndDeduplicatesSetLists() {
    var object =
        profile(
            """
            spec:
              defaultAction: SCMP_ACT_ERRNO
              architectures: [SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X86_64]
              syscalls:
                - {action: SCMP_ACT_ALLOW, names: [write, read, close, read, openat]}
            """);

    var normal = Normalizer.normalize(object, schema);

    assertThat(normal.at("/spec/architectures").toString())
        .isEqualTo("[\"SCMP_ARCH_X86\",\"SCMP_ARCH_X86_64\"]");
    assertThat(normal.at("/spec/syscalls/0/names").toString())
        .isEqualTo("[\"close\",\"openat\",\"read\",\"write\"]");
  }

  // Shared case C08: the first matching rule wins, so rules keep their order.
  @Test
  void keepsTheOrderOfAtomicLists() {
    var object =
        profile(
            """
            spec:
              defaultAction: SCMP_ACT_ERRNO
              syscalls:
                - {action: SCMP_ACT_LOG, names: [mount]}
                - {action: SCMP_ACT_ALLOW, names: [read, mount]}
                - {action: SCMP_ACT_ALLOW, names: [close]}
            """);

    var normal = Normalizer.normalize(object, schema);

    assertThat(normal.at("/spec/syscalls").findValuesAsString("action"))
        .containsExactly("SCMP_ACT_LOG", "SCMP_ACT_ALLOW", "SCMP_ACT_ALLOW");
    assertThat(normal.at("/spec/syscalls/2/names/0").asString()).isEqualTo("close");
  }

  // Shared case C04: a schema default in the cluster equals its absence in Git.
  @Test
  void fillsInSchemaDefaults() {
    var implicit = profile("spec: {defaultAction: SCMP_ACT_LOG}\n");
    var explicit = profile("spec: {defaultAction: SCMP_ACT_LOG, state: Enabled}\n");
    var disabled = profile("spec: {defaultAction: SCMP_ACT_LOG, state: Disabled}\n");

    var normal = Normalizer.normalize(implicit, schema);

    assertThat(normal.at("/spec/state").asString()).isEqualTo("Enabled");
    assertThat(normal).isEqualTo(Normalizer.normalize(explicit, schema));
    assertThat(normal).isNotEqualTo(Normalizer.normalize(disabled, schema));
  }

  @Test
  void leavesDefaultsOutOfTheApplyConfiguration() {
    var spec = yaml("{defaultAction: SCMP_ACT_LOG, flags: [], architectures: [SCMP_ARCH_X86]}");

    var cleaned = Normalizer.cleanForApply(spec, schema.property("spec"));

    assertThat(cleaned.toString())
        .isEqualTo("{\"architectures\":[\"SCMP_ARCH_X86\"],\"defaultAction\":\"SCMP_ACT_LOG\"}");
  }

  // Shared case C19: for optional fields absent, null, [], {} and "" all mean the same.
  @Test
  void treatsAbsentNullAndEmptyValuesAlike() {
    var absent =
        profile(
            """
            metadata: {name: web}
            spec:
              defaultAction: SCMP_ACT_ERRNO
              syscalls:
                - {action: SCMP_ACT_ALLOW, names: [read]}
            """);
    var variants =
        List.of(
            """
            metadata: {name: web, labels: {}, annotations: null}
            spec:
              defaultAction: SCMP_ACT_ERRNO
              flags: []
              architectures: null
              baseProfileName: ""
              syscalls:
                - {action: SCMP_ACT_ALLOW, names: [read], args: [], errnoRet: null}
            """,
            """
            metadata: {name: web, namespace: ""}
            spec:
              defaultAction: SCMP_ACT_ERRNO
              flags: null
              syscalls:
                - {action: SCMP_ACT_ALLOW, names: [read, ""], args: [{}]}
            """);

    var expected = Normalizer.normalize(absent, schema);

    for (var variant : variants) {
      assertThat(Normalizer.normalize(profile(variant), schema)).isEqualTo(expected);
    }
  }

  // Shared case C19: fields the schema does not declare are pruned by the server.
  @Test
  void prunesFieldsTheSchemaDoesNotDeclare() {
    var object =
        profile(
            """
            metadata: {name: web, uid: 1234, resourceVersion: "99", finalizers: [x]}
            spec:
              defaultAction: SCMP_ACT_ERRNO
              defaultErrnoRet: 1
              syscalls:
                - action: SCMP_ACT_ALLOW
                  names: [read]
                  comment: "only with CAP_SYS_ADMIN"
                  includes: {caps: [CAP_SYS_ADMIN]}
            status: {status: Installed}
            """);

    var normal = Normalizer.normalize(object, schema);

    assertThat(normal.toString())
        .isEqualTo(
            "{\"apiVersion\":\"security-profiles-operator.x-k8s.io/v1\","
                + "\"kind\":\"SeccompProfile\",\"metadata\":{\"name\":\"web\"},"
                + "\"spec\":{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"state\":\"Enabled\","
                + "\"syscalls\":[{\"action\":\"SCMP_ACT_ALLOW\",\"names\":[\"read\"]}]}}");
  }

  @Test
  void keepsEveryFieldWhereTheSchemaPreservesUnknownFields() {
    var open = Schema.of(yaml("{type: object, x-kubernetes-preserve-unknown-fields: true}"));
    var object = json("{\"spec\": {\"anything\": {\"goes\": [2, 1]}}}");

    var normal = Normalizer.normalize(object, open);

    assertThat(normal.at("/spec/anything/goes").toString()).isEqualTo("[2,1]");
  }

  @Test
  void normalizesIntegerAndDecimalFormsOfANumberEqually() {
    var fromYaml = profile(rule("errnoRet: 1"));
    var fromJson =
        json(
            """
            {"apiVersion": "security-profiles-operator.x-k8s.io/v1", "kind": "SeccompProfile",
             "spec": {"defaultAction": "SCMP_ACT_ERRNO",
                      "syscalls": [{"action": "SCMP_ACT_ERRNO", "names": ["ptrace"],
                                    "errnoRet": 1.0}]}}
            """);
    var exponent = profile(rule("errnoRet: 1e0"));
    var decimal = profile(rule("errnoRet: 1.00"));
    var other = profile(rule("errnoRet: 2"));

    var normal = Normalizer.normalize(fromYaml, schema);

    assertThat(Normalizer.normalize(fromJson, schema)).isEqualTo(normal);
    assertThat(Normalizer.normalize(exponent, schema)).isEqualTo(normal);
    assertThat(Normalizer.normalize(decimal, schema)).isEqualTo(normal);
    assertThat(Normalizer.normalize(other, schema)).isNotEqualTo(normal);
    assertThat(normal.at("/spec/syscalls/0/errnoRet").toString()).isEqualTo("1");
  }

  @Test
  void normalizesAFractionFromJsonAndYamlEqually() {
    var fromYaml = profile(rule("errnoRet: 2.50"));
    var fromJson =
        json(
            """
            {"apiVersion": "security-profiles-operator.x-k8s.io/v1", "kind": "SeccompProfile",
             "spec": {"defaultAction": "SCMP_ACT_ERRNO",
                      "syscalls": [{"action": "SCMP_ACT_ERRNO", "names": ["ptrace"],
                                    "errnoRet": 2.5}]}}
            """);

    var normal = Normalizer.normalize(fromYaml, schema);

    assertThat(Normalizer.normalize(fromJson, schema)).isEqualTo(normal);
  }

  @Test
  void normalizesIntegersBelowTheLongRange() {
    var huge = profile(rule("errnoRet: -9223372036854775809"));
    var exponent = profile(rule("errnoRet: -1e19"));
    var digits = profile(rule("errnoRet: -10000000000000000000"));

    var normal = Normalizer.normalize(huge, schema);

    assertThat(normal.at("/spec/syscalls/0/errnoRet").decimalValue())
        .isEqualByComparingTo("-9223372036854775809");
    assertThat(Normalizer.normalize(exponent, schema))
        .isEqualTo(Normalizer.normalize(digits, schema));
  }

  @Test
  void normalizesIntegersAboveTheLongRange() {
    var huge = profile(rule("errnoRet: 9223372036854775808"));
    var exponent = profile(rule("errnoRet: 1e19"));
    var digits = profile(rule("errnoRet: 10000000000000000000"));

    var normal = Normalizer.normalize(huge, schema);

    assertThat(normal.at("/spec/syscalls/0/errnoRet").decimalValue())
        .isEqualByComparingTo("9223372036854775808");
    assertThat(Normalizer.normalize(exponent, schema))
        .isEqualTo(Normalizer.normalize(digits, schema));
  }

  // Shared case C04: labels and annotations the operator and kubectl write are not drift.
  @Test
  void dropsForeignLabelsAndAnnotations() {
    var object =
        profile(
            """
            metadata:
              name: web
              labels:
                spo.x-k8s.io/profile-id: SeccompProfile-web
                team: a
              annotations:
                syscalls: '["read"]'
                kubectl.kubernetes.io/last-applied-configuration: '{"kind":"SeccompProfile"}'
                example.com/owner: team-a
            spec: {defaultAction: SCMP_ACT_LOG}
            """);

    var normal = Normalizer.normalize(object, schema);

    assertThat(normal.path("metadata").toString())
        .isEqualTo(
            "{\"name\":\"web\",\"labels\":{\"team\":\"a\"},"
                + "\"annotations\":{\"example.com/owner\":\"team-a\"}}");
  }

  @Test
  void ignoresTheOrderOfMapListItems() {
    var mapList =
        Schema.of(
            yaml(
                """
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      items:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [name]
                        items:
                          type: object
                          properties:
                            name: {type: string}
                            value: {type: string}
                """));
    var one =
        json("{\"spec\": {\"items\": [{\"name\": \"b\", \"value\": \"2\"}, {\"name\": \"a\"}]}}");
    var two =
        json("{\"spec\": {\"items\": [{\"name\": \"a\"}, {\"name\": \"b\", \"value\": \"2\"}]}}");

    var normal = Normalizer.normalize(one, mapList);

    assertThat(normal).isEqualTo(Normalizer.normalize(two, mapList));
    assertThat(normal.at("/spec/items/0/name").asString()).isEqualTo("a");
  }

  @Test
  void leavesItsInputUnchanged() {
    var object = profile("spec: {defaultAction: SCMP_ACT_LOG, flags: [], architectures: [b, a]}\n");
    var copy = object.deepCopy();

    Normalizer.normalize(object, schema);

    assertThat(object).isEqualTo(copy);
  }

  private static String rule(String field) {
    return """
    spec:
      defaultAction: SCMP_ACT_ERRNO
      syscalls:
        - {action: SCMP_ACT_ERRNO, names: [ptrace], %s}
    """
        .formatted(field);
  }

  private static ObjectNode profile(String yaml) {
    var object = yaml(yaml);
    var out =
        json(
            "{\"apiVersion\": \"security-profiles-operator.x-k8s.io/v1\", \"kind\":"
                + " \"SeccompProfile\"}");
    out.setAll(object);
    return out;
  }
}

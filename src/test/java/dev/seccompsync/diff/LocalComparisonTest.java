package dev.seccompsync.diff;

import static dev.seccompsync.diff.SchemaFixtures.json;
import static dev.seccompsync.diff.SchemaFixtures.seccompProfileSchema;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LocalComparisonTest {

  private static final String APPLY_CONFIGURATION =
      """
      {"apiVersion": "security-profiles-operator.x-k8s.io/v1", "kind": "SeccompProfile",
       "metadata": {"name": "web",
                    "labels": {"app.kubernetes.io/managed-by": "seccomp-sync"},
                    "annotations": {"seccomp-sync.dev/source": "team-a/web.yaml"}},
       "spec": {"defaultAction": "SCMP_ACT_ERRNO",
                "syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["read", "write"]}]}}
      """;

  private static final String OUR_FIELDS =
      """
      {"manager": "seccomp-sync", "operation": "Apply",
       "apiVersion": "security-profiles-operator.x-k8s.io/v1", "fieldsType": "FieldsV1",
       "fieldsV1": {"f:metadata": {"f:labels": {"f:app.kubernetes.io/managed-by": {}},
                                   "f:annotations": {"f:seccomp-sync.dev/source": {}}},
                    "f:spec": {"f:defaultAction": {}, "f:syscalls": {}}}}
      """;

  private final Schema schema = seccompProfileSchema();

  // Shared case C04: what other managers add to the live object is not a change.
  @Test
  void findsNoChangeWhenLiveOnlyAddsFieldsOwnedByOthers() {
    var live =
        live(
            """
            {"name": "web", "uid": "6f0e", "resourceVersion": "812",
             "finalizers": ["in-use-by-active-pods"],
             "labels": {"app.kubernetes.io/managed-by": "seccomp-sync",
                        "spo.x-k8s.io/profile-id": "SeccompProfile-web",
                        "team": "a"},
             "annotations": {"seccomp-sync.dev/source": "team-a/web.yaml"},
             "managedFields": [%s,
               {"manager": "security-profiles-operator", "operation": "Update",
                "fieldsType": "FieldsV1",
                "fieldsV1": {"f:metadata": {"f:labels": {"f:spo.x-k8s.io/profile-id": {}},
                                            "f:finalizers": {}}}},
               {"manager": "platform-controller", "operation": "Apply", "fieldsType": "FieldsV1",
                "fieldsV1": {"f:metadata": {"f:labels": {"f:team": {}}},
                             "f:spec": {"f:architectures": {}}}},
               {"manager": "security-profiles-operator", "operation": "Update",
                "subresource": "status", "fieldsType": "FieldsV1",
                "fieldsV1": {"f:status": {"f:status": {}}}}]}
            """
                .formatted(OUR_FIELDS),
            """
            {"defaultAction": "SCMP_ACT_ERRNO", "state": "Enabled",
             "architectures": ["SCMP_ARCH_X86_64"],
             "syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["write", "read"]}]}
            """);

    var mayChange = mayChange(live);

    assertThat(mayChange).isFalse();
  }

  @Test
  void mayChangeWhenAValueDiffers() {
    var live =
        live(
            ourMetadata(),
            """
            {"defaultAction": "SCMP_ACT_LOG",
             "syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["read", "write"]}]}
            """);

    var mayChange = mayChange(live);

    assertThat(mayChange).isTrue();
  }

  @Test
  void mayChangeWhenAnAtomicListDiffersOnlyInOrder() {
    var configuration =
        json(
            APPLY_CONFIGURATION.replace(
                "[{\"action\": \"SCMP_ACT_ALLOW\", \"names\": [\"read\", \"write\"]}]",
                "[{\"action\": \"SCMP_ACT_ALLOW\", \"names\": [\"read\"]},"
                    + " {\"action\": \"SCMP_ACT_LOG\", \"names\": [\"write\"]}]"));
    var live =
        live(
            ourMetadata(),
            """
            {"defaultAction": "SCMP_ACT_ERRNO",
             "syscalls": [{"action": "SCMP_ACT_LOG", "names": ["write"]},
                          {"action": "SCMP_ACT_ALLOW", "names": ["read"]}]}
            """);

    var mayChange = mayChange(configuration, live);

    assertThat(mayChange).isTrue();
  }

  @Test
  void mayChangeWhenAFieldWeOwnIsNoLongerInGit() {
    var owned =
        OUR_FIELDS.replace("\"f:defaultAction\": {},", "\"f:defaultAction\": {}, \"f:flags\": {},");
    var live =
        live(
            """
            {"name": "web",
             "labels": {"app.kubernetes.io/managed-by": "seccomp-sync"},
             "annotations": {"seccomp-sync.dev/source": "team-a/web.yaml"},
             "managedFields": [%s]}
            """
                .formatted(owned),
            """
            {"defaultAction": "SCMP_ACT_ERRNO", "flags": ["SECCOMP_FILTER_FLAG_LOG"],
             "syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["read", "write"]}]}
            """);

    var mayChange = mayChange(live);

    assertThat(mayChange).isTrue();
  }

  @Test
  void findsNoChangeWhenTheSameFieldIsOwnedByAnApplyOfAnotherManager() {
    var foreign =
        OUR_FIELDS
            .replace("\"f:defaultAction\": {},", "\"f:defaultAction\": {}, \"f:flags\": {},")
            .replace("\"seccomp-sync\"", "\"platform-controller\"");
    var live =
        live(
            """
            {"name": "web",
             "labels": {"app.kubernetes.io/managed-by": "seccomp-sync"},
             "annotations": {"seccomp-sync.dev/source": "team-a/web.yaml"},
             "managedFields": [%s, %s]}
            """
                .formatted(OUR_FIELDS, foreign),
            """
            {"defaultAction": "SCMP_ACT_ERRNO", "flags": ["SECCOMP_FILTER_FLAG_LOG"],
             "syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["read", "write"]}]}
            """);

    var mayChange = mayChange(live);

    assertThat(mayChange).isFalse();
  }

  @Test
  void mayChangeWhenASetMemberWeOwnIsNoLongerInGit() {
    var owned =
        OUR_FIELDS.replace(
            "\"f:defaultAction\": {},",
            "\"f:defaultAction\": {}, \"f:architectures\": {\"v:\\\"SCMP_ARCH_X86\\\"\": {}},");
    var live =
        live(
            """
            {"name": "web",
             "labels": {"app.kubernetes.io/managed-by": "seccomp-sync"},
             "annotations": {"seccomp-sync.dev/source": "team-a/web.yaml"},
             "managedFields": [%s]}
            """
                .formatted(owned),
            """
            {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"],
             "syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["read", "write"]}]}
            """);

    var mayChange = mayChange(live);

    assertThat(mayChange).isTrue();
  }

  // Shared case C07: fields kubectl's client-side apply owns follow Git once taken over.
  @Test
  void mayChangeWhenKubectlOwnsAFieldGitNoLongerNames() {
    var live =
        live(
            """
            {"name": "web",
             "labels": {"app.kubernetes.io/managed-by": "seccomp-sync", "tier": "web"},
             "annotations": {"seccomp-sync.dev/source": "team-a/web.yaml"},
             "managedFields": [%s,
               {"manager": "kubectl-client-side-apply", "operation": "Update",
                "fieldsType": "FieldsV1",
                "fieldsV1": {"f:metadata": {"f:labels": {"f:tier": {}}}}}]}
            """
                .formatted(OUR_FIELDS),
            """
            {"defaultAction": "SCMP_ACT_ERRNO",
             "syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["read", "write"]}]}
            """);

    var mayChange = mayChange(live);

    assertThat(mayChange).isTrue();
  }

  @Test
  void mayChangeWhenTheLiveObjectLacksADesiredLabel() {
    var live =
        live(
            """
            {"name": "web", "annotations": {"seccomp-sync.dev/source": "team-a/web.yaml"},
             "managedFields": [%s]}
            """
                .formatted(OUR_FIELDS),
            """
            {"defaultAction": "SCMP_ACT_ERRNO",
             "syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["read", "write"]}]}
            """);

    var mayChange = mayChange(live);

    assertThat(mayChange).isTrue();
  }

  private boolean mayChange(ObjectNode live) {
    return mayChange(json(APPLY_CONFIGURATION), live);
  }

  private boolean mayChange(ObjectNode configuration, ObjectNode live) {
    var desired = Normalizer.normalize(configuration, schema);
    var normalLive = Normalizer.normalize(live, schema);
    return LocalComparison.mayChange(
        desired, normalLive, configuration, ManagedFields.of(live), schema);
  }

  private static String ourMetadata() {
    return """
    {"name": "web",
     "labels": {"app.kubernetes.io/managed-by": "seccomp-sync"},
     "annotations": {"seccomp-sync.dev/source": "team-a/web.yaml"},
     "managedFields": [%s]}
    """
        .formatted(OUR_FIELDS);
  }

  private static ObjectNode live(String metadata, String spec) {
    return json(
        """
        {"apiVersion": "security-profiles-operator.x-k8s.io/v1", "kind": "SeccompProfile",
         "metadata": %s, "spec": %s, "status": {"status": "Installed"}}
        """
            .formatted(metadata, spec));
  }
}

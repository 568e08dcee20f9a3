package dev.seccompsync.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.SpoGeneration;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text-preserving rewrites for a newer generation. */
class MigratorTest {

  @Test
  void rewritesOnlyWhatTheGenerationNeedsAndKeepsCommentsAndLineEndings() {
    var before =
        String.join(
            "\r\n",
            "# Web profile, owned by team A.",
            "apiVersion: security-profiles-operator.x-k8s.io/v1beta1",
            "kind: SeccompProfile",
            "metadata:",
            "  name: web",
            "  namespace: team-a   # the team's namespace",
            "  labels: {team: a}",
            "spec:",
            "  defaultAction: SCMP_ACT_ERRNO # deny by default",
            "  disabled: true",
            "  syscalls:",
            "    # keep sorted",
            "    - action: SCMP_ACT_ALLOW",
            "      names:",
            "        - read",
            "        - write",
            "");
    var result = migrate(Map.of("team-a/web.yaml", before));

    var after = new String(result.rewritten().get("team-a/web.yaml"), StandardCharsets.UTF_8);
    assertThat(after)
        .isEqualTo(
            String.join(
                "\r\n",
                "# Web profile, owned by team A.",
                "apiVersion: security-profiles-operator.x-k8s.io/v1",
                "kind: SeccompProfile",
                "metadata:",
                "  name: web",
                "  labels: {team: a}",
                "spec:",
                "  defaultAction: SCMP_ACT_ERRNO # deny by default",
                "  state: Disabled",
                "  syscalls:",
                "    # keep sorted",
                "    - action: SCMP_ACT_ALLOW",
                "      names:",
                "        - read",
                "        - write",
                ""));
    assertThat(result.changes().stream().map(Change::toString))
        .containsExactly(
            "team-a/web.yaml:2: SeccompProfile/team-a/web: apiVersion"
                + " security-profiles-operator.x-k8s.io/v1beta1 ->"
                + " security-profiles-operator.x-k8s.io/v1",
            "team-a/web.yaml:6: SeccompProfile/team-a/web: metadata.namespace team-a removed:"
                + " SeccompProfile is cluster-scoped in generation C",
            "team-a/web.yaml:10: SeccompProfile/team-a/web: spec.disabled: true -> spec.state:"
                + " Disabled");
  }

  @Test
  void renamesCollidingNamesWithTheirBindingsAndBases() {
    var files = new LinkedHashMap<String, String>();
    files.put(
        "team-a/profiles.yaml",
        """
        apiVersion: security-profiles-operator.x-k8s.io/v1beta1
        kind: SeccompProfile
        metadata: {name: web, namespace: team-a}
        spec: {defaultAction: SCMP_ACT_ERRNO}
        """);
    files.put(
        "team-b/profiles.yaml",
        """
        apiVersion: security-profiles-operator.x-k8s.io/v1beta1
        kind: SeccompProfile
        metadata: {name: web, namespace: team-b}
        spec: {defaultAction: SCMP_ACT_ERRNO}
        ---
        apiVersion: security-profiles-operator.x-k8s.io/v1beta1
        kind: SeccompProfile
        metadata:
          name: web-strict
          namespace: team-b
        spec:
          defaultAction: SCMP_ACT_KILL
          baseProfileName: web
        ---
        apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
        kind: ProfileBinding
        metadata:
          name: web
          namespace: team-b
        spec:
          image: registry.example.com/web:1
          profileRef:
            kind: SeccompProfile
            name: web
        """);
    var result = migrate(files);

    var teamB = new String(result.rewritten().get("team-b/profiles.yaml"), StandardCharsets.UTF_8);
    assertThat(teamB)
        .isEqualTo(
            """
            apiVersion: security-profiles-operator.x-k8s.io/v1
            kind: SeccompProfile
            metadata: {name: team-b-web}
            spec: {defaultAction: SCMP_ACT_ERRNO}
            ---
            apiVersion: security-profiles-operator.x-k8s.io/v1
            kind: SeccompProfile
            metadata:
              name: web-strict
            spec:
              defaultAction: SCMP_ACT_KILL
              baseProfileName: team-b-web
            ---
            apiVersion: security-profiles-operator.x-k8s.io/v1
            kind: ProfileBinding
            metadata:
              name: web
              namespace: team-b
            spec:
              image: registry.example.com/web:1
              profileRef:
                kind: SeccompProfile
                name: team-b-web
            """);
    var teamA = new String(result.rewritten().get("team-a/profiles.yaml"), StandardCharsets.UTF_8);
    assertThat(teamA).contains("metadata: {name: web}");
    assertThat(result.changes().stream().map(Change::description))
        .contains(
            "renamed to team-b-web: SeccompProfile web is also defined in another namespace, and"
                + " the kind is cluster-scoped",
            "baseProfileName web -> team-b-web (renamed)",
            "profileRef.name web -> team-b-web (renamed)");
  }

  @Test
  void selinuxAppArmorAndRecordingsGetTheirEnums() {
    var result =
        migrate(
            Map.of(
                "all.yaml",
                """
                apiVersion: security-profiles-operator.x-k8s.io/v1alpha2
                kind: SelinuxProfile
                metadata: {name: se, namespace: team-a}
                spec:
                  permissive: true
                  inherit: [{name: container}]
                ---
                apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
                kind: AppArmorProfile
                metadata: {namespace: team-a, name: aa}
                spec:
                  complainMode: false
                ---
                apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
                kind: ProfileRecording
                metadata: {name: rec, namespace: team-a}
                spec:
                  kind: SeccompProfile
                  recorder: logs
                  mergeStrategy: containers
                  podSelector: {matchLabels: {app: web}}
                """));
    var after = new String(result.rewritten().get("all.yaml"), StandardCharsets.UTF_8);
    assertThat(after)
        .contains("kind: SelinuxProfile\nmetadata: {name: se}\nspec:\n  mode: Permissive\n")
        .contains("metadata: {name: aa}\nspec:\n  mode: Enforce\n")
        .contains("metadata: {name: rec, namespace: team-a}")
        .contains("  recorder: Logs\n  mergeStrategy: Containers\n");
  }

  @Test
  void keepsTheByteOrderMarkAndLeavesCurrentManifestsAlone() {
    var bom = "\uFEFF";
    var current =
        """
        apiVersion: security-profiles-operator.x-k8s.io/v1
        kind: SeccompProfile
        metadata: {name: ok}
        spec: {defaultAction: SCMP_ACT_ERRNO}
        """;
    var old = bom + current.replace("/v1\n", "/v1beta1\n");
    var result = migrate(Map.of("current.yaml", current, "bom.yaml", old));
    assertThat(result.rewritten()).containsOnlyKeys("bom.yaml");
    var bytes = result.rewritten().get("bom.yaml");
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(bom + current);
  }

  @Test
  void anAnchoredNamespaceIsLeftForAPerson() {
    var before =
        """
        apiVersion: security-profiles-operator.x-k8s.io/v1beta1
        kind: SeccompProfile
        metadata:
          name: anch
          namespace: &ns team-c
          labels:
            team: *ns
        spec: {defaultAction: SCMP_ACT_ERRNO}
        """;
    var result = migrate(Map.of("a.yaml", before));
    var after = new String(result.rewritten().get("a.yaml"), StandardCharsets.UTF_8);
    assertThat(after).contains("namespace: &ns team-c").contains("team: *ns");
    assertThat(result.changes().stream().map(Change::description))
        .contains(
            "metadata.namespace NOT removed: its value is an anchor (&ns) that other places may"
                + " use; remove it by hand");
  }

  private static MigrationResult migrate(Map<String, String> files) {
    var bytes = new LinkedHashMap<String, byte[]>();
    files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
    return new Migrator(SpoGeneration.C).migrate(bytes);
  }
}

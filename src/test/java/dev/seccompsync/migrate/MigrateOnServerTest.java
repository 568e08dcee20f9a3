package dev.seccompsync.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.sync.SourceLoader;
import dev.seccompsync.sync.SyncEngine;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generation-A manifests, migrated to C, are accepted by a generation-C API server (a server-side
 * dry run of every object) and mean what they meant: the same rules, a disabled profile still
 * disabled, a permissive SELinux profile still permissive.
 */
@RealCluster(SpoGeneration.C)
class MigrateOnServerTest {

  static final Path CASES = LocalCluster.projectDirectory().resolve("../shared/cases");

  @TempDir Path directory;

  @Test
  void generationAManifestsBecomeAcceptedGenerationCManifests(LocalCluster cluster)
      throws IOException {
    var files = new LinkedHashMap<String, String>();
    files.putAll(ownGenerationA());
    for (var name : List.of("C01", "C04", "C05", "C07")) {
      files.putAll(sharedCase(name));
    }
    var bytes = new LinkedHashMap<String, byte[]>();
    files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
    var result = new Migrator(SpoGeneration.C).migrate(bytes);
    assertThat(result.skipped()).isEmpty();

    var migrated = new LinkedHashMap<String, String>(files);
    result
        .rewritten()
        .forEach((path, b) -> migrated.put(path, new String(b, StandardCharsets.UTF_8)));
    var before = load(directory.resolve("before"), files);
    var after = load(directory.resolve("after"), migrated);
    assertThat(after).hasSameSizeAs(before);
    for (int i = 0; i < before.size(); i++) {
      assertSameMeaning(before.get(i), after.get(i));
    }

    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit("migrated", migrated);
      var source =
          new SourceLoader(new GitSource(directory.resolve("cache"), null), LoadOptions.defaults())
              .load(new SourceSpec(repo.root().toString(), null, List.of()));
      assertThat(source.problems().stream().filter(p -> p.isError())).isEmpty();
      var requests = new RequestLog();
      try (var client = cluster.client(requests)) {
        var dryRun = new SyncEngine(client, requests).apply(source, ApplyOptions.defaults(), true);
        assertThat(dryRun.problems()).as("problems: %s", dryRun.problems()).isEmpty();
        assertThat(dryRun.objects())
            .as("every object is accepted by the server's dry run")
            .allSatisfy(o -> assertThat(o.action()).as(o.toString()).isNotEqualTo(Action.FAILED))
            .extracting(ObjectResult::action)
            .doesNotContain(Action.SKIPPED);
        assertThat(dryRun.objects()).hasSize(after.size());
      }
    }
  }

  /** The same spec, read with the generation-A meaning on the left and C on the right. */
  private static void assertSameMeaning(Manifest a, Manifest c) {
    assertThat(c.kind()).isEqualTo(a.kind());
    var expected = a.body().path("spec").deepCopy();
    if (expected instanceof ObjectNode spec) {
      if (spec.has("disabled")) {
        spec.put("state", spec.remove("disabled").asBoolean() ? "Disabled" : "Enabled");
      }
      if (spec.has("permissive")) {
        spec.put("mode", spec.remove("permissive").asBoolean() ? "Permissive" : "Enforcing");
      }
      if (spec.has("complainMode")) {
        spec.put("mode", spec.remove("complainMode").asBoolean() ? "Complain" : "Enforce");
      }
      for (var field : List.of("recorder", "mergeStrategy")) {
        var value = spec.path(field).asString("");
        if (!value.isEmpty()) {
          spec.put(field, Character.toUpperCase(value.charAt(0)) + value.substring(1));
        }
      }
    }
    var actual = c.body().path("spec");
    if (a.baseProfileName() == null && !a.body().path("spec").has("profileRef")) {
      assertThat(actual).as(c.origin().toString()).isEqualTo(expected);
    }
  }

  private List<Manifest> load(Path where, Map<String, String> files) {
    try (var repo = GitRepos.init(where)) {
      repo.commit("files", files);
      return new SourceLoader(new GitSource(where.resolve(".cache"), null), LoadOptions.defaults())
          .load(new SourceSpec(repo.root().toString(), null, List.of()))
          .manifests();
    }
  }

  private static Map<String, String> sharedCase(String name) throws IOException {
    var repo = CASES.resolve(name).resolve("repo");
    var files = new LinkedHashMap<String, String>();
    if (!Files.isDirectory(repo)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(repo)) {
      for (var file : walk.filter(Files::isRegularFile).toList()) {
        var content = Files.readString(file);
        // Names are the case's own; a prefix keeps them apart from other tests' objects.
        files.put(
            name.toLowerCase() + "/" + repo.relativize(file),
            content
                .replaceAll("(?m)^(  name: )", "$1" + name.toLowerCase() + "-")
                .replaceAll("(?m)^(    name: )", "$1" + name.toLowerCase() + "-"));
      }
    }
    return files;
  }

  private static Map<String, String> ownGenerationA() {
    var prefix = LocalCluster.uniqueName("mig");
    return Map.of(
        "team-a/profiles.yaml",
        """
        # Generation A: namespaced profiles with the old booleans.
        apiVersion: security-profiles-operator.x-k8s.io/v1beta1
        kind: SeccompProfile
        metadata:
          name: %1$s-web
          namespace: team-a
        spec:
          defaultAction: SCMP_ACT_ERRNO
          disabled: true
          architectures: [SCMP_ARCH_X86_64]
          syscalls:
            - action: SCMP_ACT_ALLOW
              names: [read, write, exit_group]
        ---
        apiVersion: security-profiles-operator.x-k8s.io/v1alpha2
        kind: SelinuxProfile
        metadata:
          name: %1$s-se
          namespace: team-a
        spec:
          permissive: true
          inherit: [{name: container}]
          allow:
            var_log_t:
              dir: [open, read, getattr]
        ---
        apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
        kind: AppArmorProfile
        metadata:
          name: %1$s-aa
          namespace: team-a
        spec:
          complainMode: true
        ---
        apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
        kind: ProfileRecording
        metadata:
          name: %1$s-rec
          namespace: team-a
        spec:
          kind: SeccompProfile
          recorder: logs
          mergeStrategy: containers
          podSelector: {matchLabels: {app: web}}
        ---
        apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
        kind: ProfileBinding
        metadata:
          name: %1$s-bind
          namespace: team-a
        spec:
          image: registry.example.com/web:1
          profileRef: {kind: SeccompProfile, name: %1$s-web}
        """
            .formatted(prefix),
        "shop/profiles.yaml",
        """
        apiVersion: security-profiles-operator.x-k8s.io/v1beta1
        kind: SeccompProfile
        metadata:
          name: %1$s-web
          namespace: shop
        spec:
          defaultAction: SCMP_ACT_LOG
        ---
        apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
        kind: ProfileBinding
        metadata:
          name: %1$s-bind
          namespace: shop
        spec:
          image: registry.example.com/web:1
          profileRef: {kind: SeccompProfile, name: %1$s-web}
        """
            .formatted(prefix));
  }
}

package dev.seccompsync.manifest;

import static dev.seccompsync.manifest.YamlDocumentsTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.seccompsync.manifest.ManifestLoader.LoadResult;
import dev.seccompsync.manifest.Problem.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ManifestLoaderTest {

  private final ManifestLoader loader = new ManifestLoader(LoadOptions.defaults());

  // Shared case C12: exactly two objects, positioned on the lines where their content starts.
  @Test
  void readsTheTwoObjectsOfABundleWithEmptyDocuments() {
    var content = fixture("bundle-with-empty-documents.yaml");

    var result = loader.load("team-a/bundle.yaml", content);

    assertThat(result.problems()).isEmpty();
    assertThat(result.manifests()).extracting(Manifest::name).containsExactly("alpha", "beta");
    assertThat(result.manifests())
        .extracting(Manifest::origin)
        .containsExactly(
            new Origin("team-a/bundle.yaml", 0, 3), new Origin("team-a/bundle.yaml", 4, 15));
  }

  // Shared case C12: a list is an error for its own file only.
  @Test
  void refusesAListDocumentAndStillReadsOtherFiles() {
    var list = loader.load("team-a/list.yaml", fixture("list-document.yaml"));
    var bundle = loader.load("team-a/bundle.yaml", fixture("bundle-with-empty-documents.yaml"));

    assertThat(list.manifests()).isEmpty();
    assertThat(list.problems())
        .containsExactly(
            Problem.error(
                new Origin("team-a/list.yaml", 0, 1),
                "document 1 at line 1 is a sequence, expected a Kubernetes object (mapping with"
                    + " apiVersion/kind); make each document one object"));
    assertThat(bundle.manifests()).hasSize(2);
  }

  @Test
  void dropsTheWholeFileWhenOneDocumentIsNotAnObject() {
    var content =
        utf8(
            """
            apiVersion: security-profiles-operator.x-k8s.io/v1beta1
            kind: SeccompProfile
            metadata: {name: valid}
            spec: {defaultAction: SCMP_ACT_LOG}
            ---
            just a string
            """);

    var result = loader.load("mixed.yaml", content);

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .containsExactly(
            Problem.error(
                new Origin("mixed.yaml", 1, 6),
                "document 2 at line 6 is a string, expected a Kubernetes object (mapping with"
                    + " apiVersion/kind); make each document one object"));
  }

  @Test
  void refusesAFileWithDuplicateKeys() {
    var content = fixture("duplicate-keys.yaml");

    var result = loader.load("team-a/duplicate-keys.yaml", content);

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems()).hasSize(1);
    var problem = result.problems().get(0);
    assertThat(problem.severity()).isEqualTo(Severity.ERROR);
    assertThat(problem.origin().line()).isEqualTo(7);
    assertThat(problem.message())
        .contains("found duplicate key defaultAction")
        .contains("(YAML keeps only the last value; remove one of them)");
  }

  // Shared case C17: the bomb fails fast and alone; the file with an ordinary anchor still loads.
  @Test
  void refusesAnAliasBombQuicklyAndStillReadsABenignAnchor() {
    var results = new ArrayList<LoadResult>();

    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          results.add(loader.load("team-a/bomb.yaml", fixture("alias-bomb.yaml")));
          results.add(loader.load("team-a/anchor.yaml", fixture("benign-anchor.yaml")));
        });

    var bomb = results.get(0);
    assertThat(bomb.manifests()).isEmpty();
    assertThat(bomb.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.severity()).isEqualTo(Severity.ERROR))
        .satisfies(p -> assertThat(p.origin().path()).isEqualTo("team-a/bomb.yaml"));
    var anchor = results.get(1);
    assertThat(anchor.problems()).isEmpty();
    assertThat(anchor.manifests()).extracting(Manifest::name).containsExactly("reused-names");
  }

  // Shared case C17: the message names the limit instead of calling the file invalid YAML.
  @Test
  void namesTheAliasLimitWhenRefusingABomb() {
    var content = fixture("alias-bomb.yaml");

    var result = loader.load("team-a/bomb.yaml", content);

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .startsWith("alias/anchor expansion limit exceeded")
                    .doesNotContain("not valid YAML"));
  }

  // Shared case C16: a UTF-8 byte order mark is not part of the first key.
  @Test
  void readsAUtf8FileWithByteOrderMarkLikeOneWithout() {
    var plain = loader.load("team-a/no-bom.yaml", fixture("no-bom.yaml"));

    var marked = loader.load("team-a/utf8-bom.yaml", fixture("utf8-bom.yaml"));

    assertThat(marked.problems()).isEmpty();
    assertThat(marked.manifests()).singleElement().satisfies(m -> assertSameObject(m, plain));
  }

  // Shared case C16: UTF-16LE with a byte order mark is transcoded, not a syntax error.
  @Test
  void transcodesAUtf16FileWithByteOrderMark() {
    var plain = loader.load("team-a/no-bom.yaml", fixture("no-bom.yaml"));

    var utf16 = loader.load("team-a/utf16le-bom.yaml", fixture("utf16le-bom.yaml"));

    assertThat(utf16.problems()).isEmpty();
    assertThat(utf16.manifests()).singleElement().satisfies(m -> assertSameObject(m, plain));
  }

  // Shared case C16: YAML allows a byte order mark at the start of any document.
  @Test
  void acceptsAByteOrderMarkAtTheStartOfALaterDocument() {
    var content = fixture("bom-in-middle.yaml");

    var result = loader.load("team-a/bom-in-middle.yaml", content);

    assertThat(result.problems()).isEmpty();
    assertThat(result.manifests())
        .extracting(Manifest::name)
        .containsExactly("before-concatenation", "after-concatenation");
    assertThat(result.manifests())
        .allSatisfy(m -> assertThat(keysOf(m.body())).allMatch(k -> !k.startsWith("\uFEFF")));
  }

  // Shared case C18: CRLF line endings leave no carriage return in any value.
  @Test
  void readsACrlfFileLikeTheSameFileWithLf() {
    var plain = loader.load("team-a/lf.yaml", fixture("no-bom.yaml"));

    var crlf = loader.load("team-a/crlf.yaml", fixture("crlf.yaml"));

    assertThat(crlf.problems()).isEmpty();
    assertThat(crlf.manifests()).singleElement().satisfies(m -> assertSameObject(m, plain));
    assertThat(
            crlf.manifests()
                .get(0)
                .body()
                .path("metadata")
                .path("annotations")
                .path("note")
                .asString())
        .isEqualTo("first line\nsecond line\n");
  }

  @Test
  void warnsAboutAKindItDoesNotManage() {
    var content = fixture("config-map.yaml");

    var result = loader.load("team-a/settings.yaml", content);

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .containsExactly(
            Problem.warning(
                new Origin("team-a/settings.yaml", 0, 1),
                "ConfigMap (v1) is not an SPO kind seccomp-sync manages, skipped; --strict makes"
                    + " this an error"));
  }

  @Test
  void refusesAKindItDoesNotManageWhenStrict() {
    var strict = new ManifestLoader(LoadOptions.defaults().withStrict(true));

    var result = strict.load("team-a/settings.yaml", fixture("config-map.yaml"));

    assertThat(result.problems())
        .containsExactly(
            Problem.error(
                new Origin("team-a/settings.yaml", 0, 1),
                "ConfigMap (v1) is not an SPO kind seccomp-sync manages, skipped; remove it or"
                    + " leave out --strict"));
  }

  @Test
  void warnsAboutAnSpoGroupKindItDoesNotManage() {
    var content =
        utf8(
            """
            apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
            kind: SecurityProfilesOperatorDaemon
            metadata: {name: spod}
            """);

    var result = loader.load("spod.yaml", content);

    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly(
            "SecurityProfilesOperatorDaemon (security-profiles-operator.x-k8s.io/v1alpha1) is not"
                + " an SPO kind seccomp-sync manages, skipped; --strict makes this an error");
  }

  @Test
  void refusesAMisspelledKindOfTheSpoGroup() {
    var content =
        utf8(
            """
            apiVersion: security-profiles-operator.x-k8s.io/v1
            kind: SeccompProfil
            metadata: {name: web}
            """);

    var result = loader.load("web.yaml", content);

    assertThat(result.problems())
        .containsExactly(
            Problem.error(
                new Origin("web.yaml", 0, 1),
                "SeccompProfil is not a kind of security-profiles-operator.x-k8s.io (did you mean"
                    + " SeccompProfile?); the kinds are SeccompProfile, SelinuxProfile,"
                    + " RawSelinuxProfile, AppArmorProfile, ProfileRecording, ProfileBinding"));
  }

  @Test
  void refusesAMisspelledSpoGroup() {
    var content =
        utf8(
            """
            apiVersion: security-profile-operator.x-k8s.io/v1
            kind: SeccompProfile
            metadata: {name: web}
            """);

    var result = loader.load("web.yaml", content);

    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly(
            "apiVersion security-profile-operator.x-k8s.io/v1: group"
                + " security-profile-operator.x-k8s.io looks like a misspelling of"
                + " security-profiles-operator.x-k8s.io; fix the apiVersion");
  }

  @Test
  void readsTheItemsOfAKubectlList() {
    var content =
        utf8(
            """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: one}
                spec: {defaultAction: SCMP_ACT_LOG}
              - apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata: {name: two}
                spec: {defaultAction: SCMP_ACT_LOG}
            """);

    var result = loader.load("exported.yaml", content);

    assertThat(result.problems()).isEmpty();
    assertThat(result.manifests()).extracting(Manifest::name).containsExactly("one", "two");
  }

  @Test
  void refusesDeepNestingAsAFileError() {
    var content = utf8("a: " + "[".repeat(5000) + "]".repeat(5000) + "\n");

    var result = loader.load("deep.yaml", content);

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .containsExactly(
            Problem.error(
                new Origin("deep.yaml", 0, 1),
                "nesting deeper than 256 levels; fix the file, nothing in it was read"));
  }

  @Test
  void refusesABinaryFileNamedLikeYaml() {
    var content = new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};

    var result = loader.load("blob.yaml", content);

    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly(
            "byte 0xC3 at line 1 is not UTF-8 (a binary file, or text in another encoding such as"
                + " Latin-1); save the file as UTF-8 (nothing in the file was read)");
  }

  @Test
  void refusesAProfileWithoutName() {
    var content = fixture("unnamed-profile.yaml");

    var result = loader.load("team-a/unnamed.yaml", content);

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .containsExactly(
            Problem.error(
                new Origin("team-a/unnamed.yaml", 0, 1),
                "SeccompProfile has no metadata.name; add one"));
  }

  @Test
  void refusesADocumentWithoutApiVersion() {
    var content = utf8("kind: SeccompProfile\nmetadata: {name: a}\n");

    var result = loader.load("a.yaml", content);

    assertThat(result.problems())
        .containsExactly(
            Problem.error(new Origin("a.yaml", 0, 1), "document has no apiVersion; add one"));
  }

  @Test
  void refusesANamespaceThatIsNotAString() {
    var content =
        utf8(
            """
            apiVersion: security-profiles-operator.x-k8s.io/v1alpha1
            kind: ProfileBinding
            metadata: {name: bind, namespace: 1234}
            spec: {profileRef: {kind: SeccompProfile, name: web}, image: "*"}
            """);

    var result = loader.load("team-1234/binding.yaml", content);

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.isError()).isTrue())
        .satisfies(p -> assertThat(p.message()).contains("metadata.namespace"));
  }

  @Test
  void refusesAFileOverTheSizeLimitUnread() {
    var small = new ManifestLoader(new LoadOptions(false, 100));
    var content = fixture("no-bom.yaml");

    var result = small.load("team-a/big.yaml", content);

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .containsExactly(
            Problem.error(
                Origin.file("team-a/big.yaml"),
                "file is %d bytes, larger than the 100-byte limit; split it into several files"
                    .formatted(content.length)));
  }

  @Test
  void readsAFileOfExactlyTheSizeLimit() {
    var content = fixture("no-bom.yaml");
    var exact = new ManifestLoader(new LoadOptions(false, content.length));

    var result = exact.load("team-a/exact.yaml", content);

    assertThat(result.problems()).isEmpty();
    assertThat(result.manifests()).hasSize(1);
  }

  @Test
  void reportsBrokenYamlWithTheLineWhereReadingStopped() {
    var content = fixture("broken-flow-sequence.yaml");

    var result = loader.load("team-a/broken.yaml", content);

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .containsExactly(
            Problem.error(
                new Origin("team-a/broken.yaml", 0, 10),
                "not valid YAML: while parsing a flow sequence, expected ',' or ']', but got :;"
                    + " fix the file, nothing in it was read"));
  }

  @Test
  void reportsTabIndentationWithItsLine() {
    var content = fixture("tab-indented.yaml");

    var result = loader.load("team-a/tabs.yaml", content);

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .containsExactly(
            Problem.error(
                new Origin("team-a/tabs.yaml", 0, 6),
                "tab character used for indentation at line 6; indent with spaces (nothing in the"
                    + " file was read)"));
  }

  @Test
  void readsAJsonFile() {
    var content =
        utf8(
            """
            {"apiVersion": "security-profiles-operator.x-k8s.io/v1beta1", "kind": "SeccompProfile",
             "metadata": {"name": "from-json"}, "spec": {"baseProfileName": "runtime-base"}}
            """);

    var result = loader.load("from.json", content);

    assertThat(result.manifests())
        .singleElement()
        .satisfies(m -> assertThat(m.kind()).isEqualTo(SpoKind.SECCOMP_PROFILE))
        .satisfies(m -> assertThat(m.version()).isEqualTo("v1beta1"))
        .satisfies(m -> assertThat(m.baseProfileName()).isEqualTo("runtime-base"));
  }

  // Shared case C14: label and annotation values that YAML 1.1 (kubectl) reads as bool or number.
  @Test
  void refusesImplicitlyTypedLabelAndAnnotationValues() {
    var content = fixture("implicitly-typed-labels.yaml");

    var result = loader.load("team-a/typed.yaml", content);

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems()).allMatch(Problem::isError);
    assertThat(result.problems()).extracting(p -> p.origin().line()).containsExactly(6, 7, 8, 10);
    assertThat(result.problems())
        .extracting(Problem::message)
        .satisfiesExactly(
            m -> assertThat(m).contains("metadata.labels.approved").contains("quote it: \"yes\""),
            m ->
                assertThat(m)
                    .contains("metadata.labels.profile-rev")
                    .contains("quote it: \"1.10\""),
            m -> assertThat(m).contains("metadata.labels.region").contains("quote it: \"NO\""),
            m ->
                assertThat(m)
                    .contains("metadata.annotations.example.com/auto-promote")
                    .contains("quote it: \"off\""));
  }

  @Test
  void recognisesManifestPathsByExtension() {
    var paths =
        List.of("a.yaml", "b/c.YML", "d.json", "e.yaml.bak", "f.txt", "yaml", ".gitattributes");

    var manifests = paths.stream().filter(ManifestLoader::isManifestPath).toList();

    assertThat(manifests).containsExactly("a.yaml", "b/c.YML", "d.json");
  }

  private static void assertSameObject(Manifest manifest, LoadResult plain) {
    var expected = plain.manifests().get(0);
    assertThat(manifest.name()).isEqualTo("encoded");
    assertThat(manifest.body()).isEqualTo(expected.body());
    assertThat(keysOf(manifest.body()))
        .contains("apiVersion")
        .allMatch(k -> !k.startsWith("\uFEFF"));
    assertThat(manifest.body().toString()).doesNotContain("\r");
  }

  private static List<String> keysOf(JsonNode node) {
    var keys = new ArrayList<String>();
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                keys.add(e.getKey());
                keys.addAll(keysOf(e.getValue()));
              });
    } else if (node.isArray()) {
      node.forEach(item -> keys.addAll(keysOf(item)));
    }
    return keys;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

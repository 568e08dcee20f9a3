package dev.seccompsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.ManifestLoader.LoadResult;
import dev.seccompsync.sync.SourceLoader;
import dev.seccompsync.testing.GitRepos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every file under {@code bad-input/} is loaded and its outcome compared with {@code
 * bad-input/expected.txt}: the objects, and each problem's severity, line and exact message. No
 * file may throw, take long, or produce a message that does not name its file.
 */
class BadInputCorpusTest {

  private static final Path CORPUS = corpusDirectory();
  private static final String INDEX = "expected.txt";
  private static final Duration BOUND = Duration.ofSeconds(2);

  /** One row of the index: a problem a file yields, or {@code none}. */
  record Row(String file, String options, int objects, String severity, int line, String text) {}

  /** A file loaded with some options, and the problems it must yield. */
  record Case(String file, String options, int objects, List<Row> rows) {
    @Override
    public String toString() {
      return options.equals("-") ? file : file + " [" + options + "]";
    }

    LoadOptions loadOptions() {
      return LoadOptions.defaults()
          .withStrict(options.equals("strict"))
          .withConvertRaw(options.equals("convert"));
    }

    String path() {
      return "bad-input/" + file;
    }
  }

  static Stream<Case> corpus() {
    var cases = new LinkedHashMap<String, List<Row>>();
    for (var row : index()) {
      cases.computeIfAbsent(row.file() + "\t" + row.options(), k -> new ArrayList<>()).add(row);
    }
    return cases.values().stream()
        .map(
            rows ->
                new Case(rows.get(0).file(), rows.get(0).options(), rows.get(0).objects(), rows));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void loadsAsTheIndexSays(Case c) {
    var content = read(c.file());
    var loader = new ManifestLoader(c.loadOptions());

    LoadResult result =
        assertTimeoutPreemptively(
            BOUND, () -> assertDoesNotThrow(() -> loader.load(c.path(), content)));

    assertThat(result.manifests()).as("objects of %s", c).hasSize(c.objects());
    var expected =
        c.rows().stream()
            .filter(r -> !r.severity().equals("none"))
            .map(r -> r.severity() + " " + r.line() + " " + r.text())
            .toList();
    assertThat(result.problems())
        .as("problems of %s", c)
        .extracting(
            p ->
                p.severity().name().toLowerCase(java.util.Locale.ROOT)
                    + " "
                    + p.origin().line()
                    + " "
                    + p.message())
        .containsExactlyElementsOf(expected);
    for (var problem : result.problems()) {
      var where = problem.origin().line() > 0 ? c.path() + ":" + problem.origin().line() : c.path();
      assertThat(problem.toString()).startsWith(where + ": ");
      assertThat(problem.message()).doesNotContain("\n", "\r").isNotBlank();
    }
    if (result.problems().stream().anyMatch(Problem::isError)) {
      assertThat(result.manifests()).as("a file with an error yields no object").isEmpty();
    }
  }

  @Test
  void indexNamesEveryFileOfTheCorpusAndNoOther() throws IOException {
    List<String> files;
    try (var list = Files.list(CORPUS)) {
      files =
          list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(INDEX)).sorted().toList();
    }

    var indexed = index().stream().map(Row::file).distinct().sorted().toList();

    assertThat(indexed).containsExactlyElementsOf(files);
    assertThat(files).hasSizeGreaterThanOrEqualTo(60);
  }

  @Test
  void keepsDocumentSeparatorsInsideBlockScalars() {
    var literal = loadOne("block-literal-separator.yaml");
    var folded = load("block-folded-separator.yaml");

    assertThat(annotation(literal, "example.com/notes"))
        .isEqualTo("first part\n---\nsecond part\n...\n");
    assertThat(folded.manifests())
        .extracting(Manifest::name)
        .containsExactly("folded", "after-folded");
    assertThat(annotation(folded.manifests().get(0), "example.com/notes"))
        .isEqualTo("written in --- two parts");
  }

  @Test
  void readsEveryLineEndingWithoutCarriageReturnsInValues() {
    var crlf = loadOne("crlf.yaml");
    var mixed = loadOne("mixed-crlf-lf.yaml");
    var oldMac = loadOne("lone-cr.yaml");

    assertThat(annotation(crlf, "example.com/note")).isEqualTo("first line\nsecond line\n");
    assertThat(annotation(mixed, "example.com/note")).isEqualTo("one two");
    assertThat(annotation(mixed, "example.com/block")).isEqualTo("a\nb\n");
    assertThat(oldMac.body().path("spec").path("defaultAction").asString())
        .isEqualTo("SCMP_ACT_ERRNO");
    for (var manifest : List.of(crlf, mixed, oldMac)) {
      assertThat(manifest.body().toString()).doesNotContain("\\r");
    }
  }

  @Test
  void readsEveryEncodingToTheSameObject() {
    var files =
        List.of(
            "utf8-bom.yaml",
            "utf16le-bom.yaml",
            "utf16be-bom.yaml",
            "utf16le-no-bom.yaml",
            "utf16be-no-bom.yaml",
            "utf32le-bom.yaml");

    for (var file : files) {
      var manifest = loadOne(file);
      assertThat(keys(manifest.body())).as(file).allMatch(k -> !k.contains("\uFEFF"));
      assertThat(manifest.body().path("spec").toString())
          .as(file)
          .isEqualTo("{\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
      assertThat(manifest.apiVersion()).isEqualTo("security-profiles-operator.x-k8s.io/v1");
    }
  }

  @Test
  void dropsByteOrderMarksThatConcatenationLeavesAtADocumentStart() {
    for (var file : List.of("bom-after-separator.yaml", "bom-before-separator.yaml")) {
      var result = load(file);

      assertThat(result.manifests()).extracting(Manifest::name).containsExactly("first", "second");
      assertThat(result.manifests())
          .allSatisfy(m -> assertThat(keys(m.body())).allMatch(k -> !k.contains("\uFEFF")));
    }
  }

  @Test
  void placesObjectsOnTheirLinesAcrossSkippedDocuments() {
    var result = load("empty-documents-between.yaml");
    var content = read("empty-documents-between.yaml");

    assertThat(result.manifests())
        .extracting(Manifest::origin)
        .containsExactly(
            new Origin("bad-input/empty-documents-between.yaml", 0, 3),
            new Origin("bad-input/empty-documents-between.yaml", 4, 15));
    var second = result.manifests().get(1).origin();
    assertThat(YamlLines.lineOf(content, second.document(), "/metadata/name", 0)).isEqualTo(18);
  }

  @Test
  void keepsTabsInsideScalars() {
    assertThat(annotation(loadOne("tab-in-block-scalar.yaml"), "example.com/table"))
        .isEqualTo("key\tvalue\n\tindented with a tab after the spaces\n");
    assertThat(annotation(loadOne("tab-in-quoted-string.yaml"), "example.com/note"))
        .isEqualTo("a\tb");
  }

  @Test
  void expandsBenignAnchorsAndMergeKeys() {
    var anchor = loadOne("anchor-benign.yaml");
    var merged = load("anchor-merge-key.yaml");
    var scalars = loadOne("alias-many-scalar-aliases.yaml");

    var rules = anchor.body().path("spec").path("syscalls");
    assertThat(rules.get(1).path("names")).isEqualTo(rules.get(0).path("names"));
    assertThat(merged.manifests().get(1).body().path("metadata").path("labels").toString())
        .isEqualTo("{\"tier\":\"api\",\"team\":\"a\"}");
    assertThat(scalars.body().path("spec").path("syscalls").get(0).path("names").size())
        .isEqualTo(201);
  }

  @Test
  void keepsQuotedWordsAsStrings() {
    var manifest = loadOne("quoted-yaml11-words.yaml");

    assertThat(manifest.body().path("metadata").path("labels").toString())
        .isEqualTo("{\"approved\":\"yes\",\"region\":\"NO\",\"rev\":\"1.10\"}");
    assertThat(manifest.body().path("spec").path("syscalls").get(0).path("names").toString())
        .isEqualTo("[\"on\",\"read\"]");
  }

  @Test
  void refusesADockerProfileWhoseConditionsWouldBeLost() {
    var loader = new ManifestLoader(LoadOptions.defaults().withConvertRaw(true));

    var result = loader.load("imports/Docker_Raw.Profile.json", read("Docker_Raw.Profile.json"));

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems().stream().filter(p -> p.isError()).count()).isEqualTo(2);
  }

  @Test
  void convertsADockerProfile() {
    var loader = new ManifestLoader(LoadOptions.defaults().withConvertRaw(true));
    // The same profile with its per-rule conditions removed by its author.
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    var tree = json.readTree(read("Docker_Raw.Profile.json"));
    tree.path("syscalls")
        .forEach(
            rule -> {
              ((tools.jackson.databind.node.ObjectNode) rule).remove("includes");
              ((tools.jackson.databind.node.ObjectNode) rule).remove("excludes");
            });

    var result = loader.load("imports/Docker_Raw.Profile.json", json.writeValueAsBytes(tree));

    var manifest = result.manifests().get(0);
    assertThat(manifest.kind()).isEqualTo(SpoKind.SECCOMP_PROFILE);
    assertThat(manifest.name()).isEqualTo("docker-raw-profile");
    assertThat(manifest.namespace()).isNull();
    assertThat(manifest.apiVersion()).isEqualTo("security-profiles-operator.x-k8s.io/v1");
    assertThat(manifest.body().toString())
        .isEqualTo(
            "{\"apiVersion\":\"security-profiles-operator.x-k8s.io/v1\","
                + "\"kind\":\"SeccompProfile\","
                + "\"metadata\":{\"name\":\"docker-raw-profile\"},\"spec\":{"
                + "\"defaultAction\":\"SCMP_ACT_ERRNO\","
                + "\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\","
                + "\"SCMP_ARCH_AARCH64\",\"SCMP_ARCH_ARM\"],\"syscalls\":["
                + "{\"names\":[\"read\",\"write\",\"close\",\"openat\"],"
                + "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[]},"
                + "{\"names\":[\"mount\",\"umount2\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                + "{\"names\":[\"ptrace\"],\"action\":\"SCMP_ACT_ALLOW\"}]}}");
  }

  @Test
  void leavesOutAnEmptyArchitectureListInsteadOfWritingNull() {
    var loader = new ManifestLoader(LoadOptions.defaults().withConvertRaw(true));

    var result = loader.load("raw.json", read("raw-empty-architectures.json"));

    var spec = result.manifests().get(0).body().path("spec");
    assertThat(spec.has("architectures")).isFalse();
    assertThat(spec.toString()).isEqualTo("{\"defaultAction\":\"SCMP_ACT_LOG\",\"syscalls\":[]}");
  }

  @Test
  void namesConvertedProfilesAfterTheirFilesAsDns1123Names() {
    assertThat(RawSeccompProfile.name("imports/docker-style.json")).isEqualTo("docker-style");
    assertThat(RawSeccompProfile.name("a/My_Profile v2.JSON")).isEqualTo("my-profile-v2");
    assertThat(RawSeccompProfile.name("--odd..name--.json")).isEqualTo("odd-name");
    assertThat(RawSeccompProfile.name("___.json")).isEqualTo("seccomp-profile");
    assertThat(RawSeccompProfile.name("x".repeat(300) + ".json")).hasSize(253);
  }

  @Test
  void refusesAFileOverFourMebibytesUnreadAndQuickly() {
    var big = new StringBuilder(prefix("huge"));
    while (big.length() <= LoadOptions.DEFAULT_MAX_FILE_BYTES) {
      big.append("    - action: SCMP_ACT_ALLOW\n      names: [read, write, close]\n");
    }
    var content = big.toString().getBytes(StandardCharsets.UTF_8);
    var loader = new ManifestLoader(LoadOptions.defaults());

    var result = assertTimeoutPreemptively(BOUND, () -> loader.load("team-a/huge.yaml", content));

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .containsExactly(
            Problem.error(
                Origin.file("team-a/huge.yaml"),
                "file is %d bytes, larger than the 4194304-byte limit; split it into several files"
                    .formatted(content.length)));
  }

  // Not a benchmark: a bound loose enough for a busy machine, tight enough to catch a reader that
  // slows down more than linearly with the size of a file.
  @Test
  void readsALargeProfile() {
    var big = new StringBuilder(prefix("large"));
    for (int i = 0; big.length() < 256 * 1024; i++) {
      big.append(
          "    - action: SCMP_ACT_ALLOW\n      names: [call%d, write, close]\n".formatted(i));
    }
    var content = big.toString().getBytes(StandardCharsets.UTF_8);
    var loader = new ManifestLoader(LoadOptions.defaults());

    var result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> loader.load("team-a/large.yaml", content));

    assertThat(result.problems()).isEmpty();
    assertThat(result.manifests()).singleElement().extracting(Manifest::name).isEqualTo("large");
  }

  // The Git reader skips a pointer with the loader's own check and message, and reads the rest.
  @Test
  void reportsTheLfsPointerOfTheCorpusThroughTheGitReader(@TempDir Path directory) {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit(
          "lfs",
          Map.of(
              ".gitattributes",
              "profiles/**/*.yaml filter=lfs diff=lfs merge=lfs -text\n",
              "profiles/web.yaml",
              new String(read("lfs-pointer.yaml"), StandardCharsets.UTF_8),
              "profiles/api.yaml",
              new String(read("valid.json"), StandardCharsets.UTF_8)));
      var loader =
          new SourceLoader(new GitSource(directory.resolve("cache"), null), LoadOptions.defaults());

      var source = loader.load(new SourceSpec(repo.root().toString(), null, List.of()));

      assertThat(source.manifests()).extracting(Manifest::name).containsExactly("from-json");
      assertThat(source.problems()).containsExactly(ManifestLoader.lfsPointer("profiles/web.yaml"));
      assertThat(load("lfs-pointer.yaml").problems())
          .containsExactly(ManifestLoader.lfsPointer("bad-input/lfs-pointer.yaml"));
    }
  }

  private static String prefix(String name) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata:
      name: %s
    spec:
      defaultAction: SCMP_ACT_ERRNO
      syscalls:
    """
        .formatted(name);
  }

  private static LoadResult load(String file) {
    return new ManifestLoader(LoadOptions.defaults()).load("bad-input/" + file, read(file));
  }

  private static Manifest loadOne(String file) {
    var result = load(file);
    assertThat(result.problems()).as(file).allMatch(p -> !p.isError());
    assertThat(result.manifests()).as(file).hasSize(1);
    return result.manifests().get(0);
  }

  private static String annotation(Manifest manifest, String key) {
    return manifest.body().path("metadata").path("annotations").path(key).asString();
  }

  private static List<String> keys(JsonNode node) {
    var keys = new ArrayList<String>();
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                keys.add(e.getKey());
                keys.addAll(keys(e.getValue()));
              });
    } else if (node.isArray()) {
      node.forEach(item -> keys.addAll(keys(item)));
    }
    return keys;
  }

  /**
   * The records of the index: a line of five tab-separated cells, then the message on lines
   * indented by two spaces, wrapped at spaces.
   */
  private static List<Row> index() {
    List<String> lines;
    try {
      lines = Files.readAllLines(CORPUS.resolve(INDEX), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var rows = new ArrayList<Row>();
    String[] cells = null;
    var message = new ArrayList<String>();
    for (var line : lines) {
      if (line.startsWith("  ") && cells != null) {
        message.add(line.strip());
        continue;
      }
      if (cells != null) {
        rows.add(row(cells, message));
        cells = null;
        message.clear();
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      cells = line.split("\t", -1);
      if (cells.length != 5) {
        throw new IllegalStateException(INDEX + ": expected 5 tab-separated cells: " + line);
      }
    }
    if (cells != null) {
      rows.add(row(cells, message));
    }
    return rows;
  }

  private static Row row(String[] cells, List<String> message) {
    var none = cells[3].equals("none");
    if (none != message.isEmpty()) {
      throw new IllegalStateException(INDEX + ": a message belongs to every problem: " + cells[0]);
    }
    return new Row(
        cells[0],
        cells[1],
        Integer.parseInt(cells[2]),
        cells[3],
        cells[4].equals("-") ? -1 : Integer.parseInt(cells[4]),
        String.join(" ", message));
  }

  private static byte[] read(String file) {
    try {
      return Files.readAllBytes(CORPUS.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path corpusDirectory() {
    var index = BadInputCorpusTest.class.getResource("/bad-input/" + INDEX);
    if (index == null) {
      throw new IllegalStateException("bad-input/" + INDEX + " is not on the test class path");
    }
    try {
      return Path.of(index.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.seccompsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.ManifestLoader.LoadResult;
import dev.seccompsync.sync.Source;
import dev.seccompsync.sync.SourceLoader;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The loading part of the shared real-world cases, read from {@code ../shared/cases} next to the
 * project when it is there; each test is skipped when its case is not.
 */
class SharedLoadingCasesTest {

  private static final Path CASES = LocalCluster.projectDirectory().resolve("../shared/cases");

  private final ManifestLoader loader = new ManifestLoader(LoadOptions.defaults());

  @TempDir Path directory;

  // Docker's archMap becomes a flat architectures list; the lost defaultErrnoRet is named.
  @Test
  void c10ConvertsTheDockerProfileWithAWarningForDefaultErrnoRet() {
    var repo = caseRepo("C10");
    var converting = new ManifestLoader(LoadOptions.defaults().withConvertRaw(true));
    var path = "imports/docker-style.json";

    var result = converting.load(path, bytes(repo.resolve(path)));

    assertThat(result.manifests())
        .singleElement()
        .satisfies(m -> assertThat(m.name()).isEqualTo("docker-style"))
        .satisfies(m -> assertThat(m.namespace()).isNull())
        .satisfies(
            m ->
                assertThat(m.body().path("spec").path("architectures").toString())
                    .isEqualTo(
                        "[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\","
                            + "\"SCMP_ARCH_AARCH64\",\"SCMP_ARCH_ARM\"]"))
        .satisfies(m -> assertThat(m.body().path("spec").has("defaultErrnoRet")).isFalse());
    assertThat(result.problems())
        .containsExactly(
            Problem.warning(
                new Origin(path, 0, 3),
                "defaultErrnoRet 1 is lost: SeccompProfile has no such field, so the default"
                    + " errno becomes EPERM"));
  }

  // Empty, null, blank and comment-only documents are skipped; lines refer to the file.
  @Test
  void c12SkipsEmptyDocumentsAndRefusesASequenceDocument() {
    var repo = caseRepo("C12");

    var source = loadThroughGit(repo);

    assertThat(source.manifests()).extracting(Manifest::name).containsExactly("first", "second");
    var second = source.manifests().get(1);
    assertThat(second.origin().line()).isEqualTo(16);
    var bundle = bytes(repo.resolve("team-a/bundle.yaml"));
    assertThat(YamlLines.lineOf(bundle, second.origin().document(), "/metadata/name", 0))
        .isEqualTo(19);
    assertThat(source.problems())
        .containsExactly(
            Problem.error(
                new Origin("team-a/not-a-mapping.yaml", 0, 1),
                "document 1 at line 1 is a sequence, expected a Kubernetes object (mapping with"
                    + " apiVersion/kind); make each document one object"));
  }

  // Values YAML 1.1 reads as booleans or numbers are errors with line, path and the fix.
  @Test
  void c14RefusesImplicitlyTypedLabelAndAnnotationValues() {
    var repo = caseRepo("C14");

    var result = loader.load("team-a/typed.yaml", bytes(repo.resolve("team-a/typed.yaml")));

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems()).allMatch(Problem::isError);
    assertThat(result.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "team-a/typed.yaml:7: metadata.labels.approved: yes is a boolean for YAML 1.1 readers"
                + " such as kubectl and a string for others; quote it: \"yes\"",
            "team-a/typed.yaml:8: metadata.labels.profile-rev: 1.10 is not a string, and label"
                + " and annotation values must be; quote it: \"1.10\"",
            "team-a/typed.yaml:9: metadata.labels.region: NO is a boolean for YAML 1.1 readers"
                + " such as kubectl and a string for others; quote it: \"NO\"",
            "team-a/typed.yaml:11: metadata.annotations.seccomp-sync.example.com/auto-promote:"
                + " off is a boolean for YAML 1.1 readers such as kubectl and a string for"
                + " others; quote it: \"off\"");
  }

  // A byte order mark, UTF-8 or UTF-16, never becomes part of a key.
  @Test
  void c16ReadsByteOrderMarksAndUtf16LikePlainUtf8() {
    var repo = caseRepo("C16");
    var plain = only(load(repo, "team-a/no-bom.yaml"));

    var utf8 = load(repo, "team-a/utf8-bom.yaml");
    var utf16 = load(repo, "team-a/utf16le-bom.yaml");
    var middle = load(repo, "team-a/bom-in-middle.yaml");

    assertThat(utf8.problems()).isEmpty();
    assertThat(withoutName(only(utf8))).isEqualTo(withoutName(plain));
    assertThat(utf16.problems()).isEmpty();
    assertThat(withoutName(only(utf16))).isEqualTo(withoutName(plain));
    assertThat(middle.problems()).isEmpty();
    assertThat(middle.manifests()).hasSize(2);
    for (var manifest : middle.manifests()) {
      assertThat(keys(manifest.body())).contains("apiVersion").allMatch(k -> !k.contains("\uFEFF"));
    }
  }

  // The bomb fails fast and alone, naming the limit and the file; the benign anchor loads.
  @Test
  void c17RefusesTheAliasBombQuicklyAndReadsTheBenignAnchor() {
    var repo = caseRepo("C17");
    var results = new ArrayList<LoadResult>();

    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          results.add(load(repo, "team-a/bomb.yaml"));
          results.add(load(repo, "team-a/benign-anchor.yaml"));
        });

    var bomb = results.get(0);
    assertThat(bomb.manifests()).isEmpty();
    assertThat(bomb.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.isError()).isTrue())
        .satisfies(
            p ->
                assertThat(p.toString())
                    .isEqualTo(
                        "team-a/bomb.yaml:14: alias/anchor expansion limit exceeded (more than 50"
                            + " aliases to collections); fix the file, nothing in it was read"));
    var anchor = results.get(1);
    assertThat(anchor.problems()).isEmpty();
    assertThat(anchor.manifests()).extracting(Manifest::name).containsExactly("anchor-ok");
  }

  // A pointer in a fresh clone without LFS is an error for its file; nothing looks deleted.
  @Test
  void c26ReportsAnLfsPointerInAFreshCloneAndReadsTheOtherFile()
      throws IOException, GitAPIException {
    var repo = caseRepo("C26");
    var files = files(repo);
    files.put(".gitattributes", files.remove("gitattributes.txt"));
    var work = directory.resolve("work");
    var clone = directory.resolve("clone");
    try (var origin = GitRepos.init(work)) {
      origin.commit("profiles", files);
    }
    Git.cloneRepository()
        .setURI(work.toUri().toString())
        .setDirectory(clone.toFile())
        .call()
        .close();

    var source = loadThroughGit(clone);

    assertThat(source.manifests()).extracting(Manifest::name).containsExactly("api");
    assertThat(source.problems())
        .containsExactly(ManifestLoader.lfsPointer("profiles/team-a/web.yaml"));
    assertThat(source.problems().get(0).toString())
        .startsWith("profiles/team-a/web.yaml: Git LFS pointer")
        .doesNotContain("not valid YAML", "is a string");
  }

  private Source loadThroughGit(Path repository) {
    Path work = repository;
    if (!Files.isDirectory(repository.resolve(".git"))) {
      work = directory.resolve("case-" + repository.getParent().getFileName());
      try (var repo = GitRepos.init(work)) {
        repo.commit("case", files(repository));
      }
    }
    var sourceLoader =
        new SourceLoader(new GitSource(directory.resolve("cache"), null), LoadOptions.defaults());
    return sourceLoader.load(new SourceSpec(work.toString(), null, List.of()));
  }

  private LoadResult load(Path repo, String path) {
    return loader.load(path, bytes(repo.resolve(path)));
  }

  /** The object with its name left out: each file of the case names its object differently. */
  private static JsonNode withoutName(Manifest manifest) {
    var copy = manifest.body().deepCopy();
    ((ObjectNode) copy.path("metadata")).remove("name");
    return copy;
  }

  private static Manifest only(LoadResult result) {
    assertThat(result.manifests()).hasSize(1);
    return result.manifests().get(0);
  }

  private static Path caseRepo(String name) {
    var repo = CASES.resolve(name).resolve("repo");
    assumeTrue(Files.isDirectory(repo), "shared case " + name + " is not next to the project");
    return repo;
  }

  /** The text files of a case's repository, by path relative to it. */
  private static Map<String, String> files(Path root) {
    var files = new TreeMap<String, String>();
    try (var walk = Files.walk(root)) {
      for (var file : walk.filter(Files::isRegularFile).toList()) {
        var relative = root.relativize(file).toString().replace('\\', '/');
        files.put(relative, Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
}

package dev.seccompsync.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seccompsync.manifest.Origin;
import dev.seccompsync.manifest.Problem;
import dev.seccompsync.testing.GitRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceTest {

  private static final String API =
      """
      apiVersion: security-profiles-operator.x-k8s.io/v1beta1
      kind: SeccompProfile
      metadata: {name: api}
      spec: {defaultAction: SCMP_ACT_ERRNO}
      """;

  private static final String WEB =
      """
      apiVersion: security-profiles-operator.x-k8s.io/v1beta1
      kind: SeccompProfile
      metadata: {name: web}
      spec: {defaultAction: SCMP_ACT_LOG}
      """;

  private static final String LFS_POINTER =
      "version https://git-lfs.github.com/spec/v1\n"
          + "oid sha256:4d7a2146a6f1b3c0f6f3a9e1d2c5b8a7e6f5d4c3b2a1908f7e6d5c4b3a291807\n"
          + "size 12\n";

  @TempDir Path directory;

  private GitSource source() {
    return new GitSource(directory.resolve("cache"), null);
  }

  @Test
  void readsTheDefaultBranchOfAWorkTree() throws IOException {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var commit = repo.commit("profiles", Map.of("team-a/api.yaml", API, "README.md", "# docs"));
      Files.writeString(repo.root().resolve("team-a/uncommitted.yaml"), WEB);

      var snapshot = source().read(new SourceSpec(repo.root().toString(), null, List.of()));

      assertThat(snapshot.repository()).isEqualTo(repo.root().toString());
      assertThat(snapshot.revision()).isEqualTo("main");
      assertThat(snapshot.commit()).isEqualTo(commit);
      assertThat(paths(snapshot)).containsExactly("team-a/api.yaml");
      assertThat(text(snapshot, "team-a/api.yaml")).isEqualTo(API);
      assertThat(snapshot.problems()).isEmpty();
    }
  }

  @Test
  void readsABranchATagAndACommit() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var first = repo.commit("api", Map.of("api.yaml", API));
      repo.git().tag().setName("v1").setAnnotated(true).setMessage("release").call();
      repo.git().tag().setName("light").setAnnotated(false).call();
      repo.git().checkout().setCreateBranch(true).setName("feature").call();
      var feature = repo.commit("web", Map.of("web.yaml", WEB));
      repo.git().checkout().setName("main").call();
      var main = repo.commit("api changed", Map.of("api.yaml", API + "# changed\n"));
      var root = repo.root().toString();

      var atBranch = source().read(new SourceSpec(root, "feature", List.of()));
      var atTag = source().read(new SourceSpec(root, "v1", List.of()));
      var atLightTag = source().read(new SourceSpec(root, "light", List.of()));
      var atCommit = source().read(new SourceSpec(root, first, List.of()));
      var atShortCommit = source().read(new SourceSpec(root, first.substring(0, 10), List.of()));
      var atHead = source().read(new SourceSpec(root, null, List.of()));

      assertThat(atBranch.commit()).isEqualTo(feature);
      assertThat(paths(atBranch)).containsExactly("api.yaml", "web.yaml");
      assertThat(atTag.commit()).isEqualTo(first);
      assertThat(atTag.revision()).isEqualTo("v1");
      assertThat(atLightTag.commit()).isEqualTo(first);
      assertThat(atCommit.commit()).isEqualTo(first);
      assertThat(text(atCommit, "api.yaml")).isEqualTo(API);
      assertThat(atShortCommit.commit()).isEqualTo(first);
      assertThat(atHead.commit()).isEqualTo(main);
      assertThat(text(atHead, "api.yaml")).isEqualTo(API + "# changed\n");
    }
  }

  @Test
  void readsADetachedHeadAsHead() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var first = repo.commit("api", Map.of("api.yaml", API));
      repo.commit("web", Map.of("web.yaml", WEB));
      repo.git().checkout().setName(first).call();

      var snapshot = source().read(new SourceSpec(repo.root().toString(), null, List.of()));

      assertThat(snapshot.revision()).isEqualTo("HEAD");
      assertThat(snapshot.commit()).isEqualTo(first);
    }
  }

  @Test
  void restrictsReadingToTheGivenPaths() {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit(
          "profiles",
          Map.of(
              "team-a/api.yaml", API,
              "team-a/nested/web.yaml", WEB,
              "team-ab/other.yaml", WEB,
              "team-b/web.yaml", WEB,
              "root.yaml", API));
      var root = repo.root().toString();

      var one = source().read(new SourceSpec(root, null, List.of("./team-a/")));
      var two = source().read(new SourceSpec(root, null, List.of("team-b", "root.yaml")));

      assertThat(paths(one)).containsExactly("team-a/api.yaml", "team-a/nested/web.yaml");
      assertThat(paths(two)).containsExactly("root.yaml", "team-b/web.yaml");
    }
  }

  @Test
  void refusesAPathThatDoesNotExistAtTheRevision() {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var commit = repo.commit("profiles", Map.of("team-a/api.yaml", API));
      var root = repo.root().toString();

      assertThatThrownBy(() -> source().read(new SourceSpec(root, null, List.of("team"))))
          .isInstanceOf(GitSourceException.class)
          .hasMessage(
              "repository %s@%s: path team does not exist at that revision; check --path"
                  .formatted(root, commit.substring(0, 12)));
    }
  }

  @Test
  void refusesAPathThatExistsOnlyAtAnotherRevision() {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var first = repo.commit("api", Map.of("team-a/api.yaml", API));
      repo.commit("web", Map.of("team-b/web.yaml", WEB));
      var root = repo.root().toString();

      assertThatThrownBy(() -> source().read(new SourceSpec(root, first, List.of("team-b"))))
          .isInstanceOf(GitSourceException.class)
          .hasMessage(
              "repository %s@%s: path team-b does not exist at that revision; check --path"
                  .formatted(root, first.substring(0, 12)));
    }
  }

  @Test
  void refusesAnUnknownRevision() {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit("api", Map.of("api.yaml", API));
      var root = repo.root().toString();

      assertThatThrownBy(() -> source().read(new SourceSpec(root, "no-such-branch", List.of())))
          .isInstanceOf(GitSourceException.class)
          .hasMessage(
              "repository %s: revision no-such-branch not found; give a branch, tag or commit that"
                      .formatted(root)
                  + " exists there");
    }
  }

  @Test
  void refusesADirectoryThatIsNotARepository() throws IOException {
    var plain = Files.createDirectories(directory.resolve("plain"));
    Files.writeString(plain.resolve("api.yaml"), API);

    assertThatThrownBy(() -> source().read(new SourceSpec(plain.toString(), null, List.of())))
        .isInstanceOf(GitSourceException.class)
        .hasMessage(
            "repository %s: not a Git repository; run `git init` there or give its root"
                .formatted(plain));
  }

  @Test
  void refusesADirectoryThatDoesNotExist() {
    var missing = directory.resolve("missing").toString();

    assertThatThrownBy(() -> source().read(new SourceSpec(missing, null, List.of())))
        .isInstanceOf(GitSourceException.class)
        .hasMessage(
            "repository %s: no such directory; give a Git work tree, a bare repository or a URL"
                .formatted(missing));
  }

  @Test
  void readsABareRepository() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var commit = repo.commit("api", Map.of("team-a/api.yaml", API));
      var bare = bareRemote(repo);

      var snapshot = source().read(new SourceSpec(bare.toString(), null, List.of()));

      assertThat(snapshot.revision()).isEqualTo("main");
      assertThat(snapshot.commit()).isEqualTo(commit);
      assertThat(paths(snapshot)).containsExactly("team-a/api.yaml");
    }
  }

  @Test
  void clonesARemoteOnceIntoTheCache() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var commit = repo.commit("api", Map.of("team-a/api.yaml", API));
      var url = bareRemote(repo).toUri().toString();
      var cache = directory.resolve("cache");

      var snapshot = source().read(new SourceSpec(url, null, List.of()));

      assertThat(snapshot.repository()).isEqualTo(url);
      assertThat(snapshot.revision()).isEqualTo("main");
      assertThat(snapshot.commit()).isEqualTo(commit);
      assertThat(paths(snapshot)).containsExactly("team-a/api.yaml");
      try (var entries = Files.list(cache)) {
        assertThat(entries.map(p -> p.getFileName().toString()))
            .singleElement()
            .satisfies(name -> assertThat(name).matches("[0-9a-f]{16}\\.git"));
      }
    }
  }

  @Test
  void reusesTheCachedCloneWhenTheRemoteHasNotMoved() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit("api", Map.of("team-a/api.yaml", API));
      repo.git().tag().setName("v1").setAnnotated(true).setMessage("release").call();
      var remote = bareRemote(repo);
      var url = remote.toUri().toString();
      source().read(new SourceSpec(url, null, List.of()));
      var before = listing(directory.resolve("cache"));

      var again = source().read(new SourceSpec(url, null, List.of()));
      var atTag = source().read(new SourceSpec(url, "v1", List.of()));

      assertThat(listing(directory.resolve("cache"))).isEqualTo(before);
      assertThat(paths(again)).containsExactly("team-a/api.yaml");
      assertThat(atTag.commit()).isEqualTo(again.commit());
    }
  }

  @Test
  void fetchesWhenTheRemoteHasMoved() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit("api", Map.of("team-a/api.yaml", API));
      var remote = bareRemote(repo);
      var url = remote.toUri().toString();
      source().read(new SourceSpec(url, null, List.of()));
      var cacheEntries = cacheEntries();
      var pushed = repo.commit("web", Map.of("team-a/web.yaml", WEB));
      repo.git().tag().setName("v2").call();
      push(repo, remote);

      var snapshot = source().read(new SourceSpec(url, null, List.of()));
      var atTag = source().read(new SourceSpec(url, "v2", List.of()));

      assertThat(snapshot.commit()).isEqualTo(pushed);
      assertThat(paths(snapshot)).containsExactly("team-a/api.yaml", "team-a/web.yaml");
      assertThat(atTag.commit()).isEqualTo(pushed);
      assertThat(cacheEntries()).isEqualTo(cacheEntries);
    }
  }

  @Test
  void readsACachedCommitWithoutFetching() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var first = repo.commit("api", Map.of("team-a/api.yaml", API));
      var remote = bareRemote(repo);
      var url = remote.toUri().toString();
      source().read(new SourceSpec(url, null, List.of()));
      var before = listing(directory.resolve("cache"));
      repo.commit("web", Map.of("team-a/web.yaml", WEB));
      push(repo, remote);

      var snapshot = source().read(new SourceSpec(url, first, List.of()));

      assertThat(snapshot.commit()).isEqualTo(first);
      assertThat(paths(snapshot)).containsExactly("team-a/api.yaml");
      assertThat(listing(directory.resolve("cache"))).isEqualTo(before);
    }
  }

  @Test
  void fetchesACommitThatOnlyAPullRequestRefHolds() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit("api", Map.of("team-a/api.yaml", API));
      var remote = bareRemote(repo);
      var url = remote.toUri().toString();
      source().read(new SourceSpec(url, null, List.of()));
      repo.git().checkout().setCreateBranch(true).setName("contributor").call();
      var head = repo.commit("web", Map.of("team-a/web.yaml", WEB));
      // What a host does for a pull request from a fork: the commit is on no branch of the
      // repository, only on refs/pull/7/head.
      repo.git()
          .push()
          .setRemote(url)
          .setRefSpecs(new RefSpec("refs/heads/contributor:refs/pull/7/head"))
          .call();

      var snapshot =
          source()
              .read(
                  new SourceSpec(url, null, List.of()).atCommit(head, List.of("refs/pull/7/head")));
      var again = source().read(new SourceSpec(url, head, List.of()));

      assertThat(snapshot.commit()).isEqualTo(head);
      assertThat(paths(snapshot)).containsExactly("team-a/api.yaml", "team-a/web.yaml");
      assertThat(again.commit()).isEqualTo(head);
      try (var cached = Git.open(directory.resolve("cache").toFile().listFiles()[0])) {
        assertThat(cached.getRepository().getRefDatabase().getRefsByPrefix(GitSource.FETCHED))
            .singleElement()
            .satisfies(ref -> assertThat(ref.getName()).endsWith("/pull/7/head"))
            .satisfies(ref -> assertThat(ref.getObjectId().name()).isEqualTo(head));
      }
    }
  }

  @Test
  void namesACommitNoFetchBrings() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit("api", Map.of("team-a/api.yaml", API));
      var url = bareRemote(repo).toUri().toString();
      var missing = "0123456789abcdef0123456789abcdef01234567";

      assertThatThrownBy(
              () ->
                  source()
                      .read(new SourceSpec(url, missing, List.of(), List.of("refs/pull/7/head"))))
          .isInstanceOf(GitSourceException.class)
          .hasMessage(
              ("repository %s: commit %s not found, not on a branch or tag nor when fetched by its"
                      + " id or from refs/pull/7/head; check that it was pushed there")
                  .formatted(url, missing));
    }
  }

  @Test
  void noticesABranchDeletedOnTheRemote() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit("api", Map.of("team-a/api.yaml", API));
      repo.git().branchCreate().setName("release").call();
      var remote = bareRemote(repo);
      var url = remote.toUri().toString();
      source().read(new SourceSpec(url, "release", List.of()));
      try (var bare = Git.open(remote.toFile())) {
        bare.branchDelete().setBranchNames("release").setForce(true).call();
      }

      assertThatThrownBy(() -> source().read(new SourceSpec(url, "release", List.of())))
          .isInstanceOf(GitSourceException.class)
          .hasMessage(
              "repository %s: revision release not found; give a branch, tag or commit that exists"
                      .formatted(url)
                  + " there");
    }
  }

  @Test
  void refusesAnUnknownRevisionOfARemote() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit("api", Map.of("team-a/api.yaml", API));
      var url = bareRemote(repo).toUri().toString();

      assertThatThrownBy(() -> source().read(new SourceSpec(url, "v9", List.of())))
          .isInstanceOf(GitSourceException.class)
          .hasMessage(
              "repository %s: revision v9 not found; give a branch, tag or commit that exists there"
                  .formatted(url));
    }
  }

  @Test
  void showsAnHttpRemoteWithoutItsCredentials() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      var commit = repo.commit("api", Map.of("team-a/api.yaml", API));
      var bare = bareRemote(repo);
      try (var remote = new HttpRemote(bare)) {
        var spec = new SourceSpec(remote.url("user:secret-token"), null, List.of());

        var snapshot = source().read(spec);

        assertThat(snapshot.repository()).isEqualTo(remote.url());
        assertThat(snapshot.commit()).isEqualTo(commit);
        assertThat(paths(snapshot)).containsExactly("team-a/api.yaml");
      }
    }
  }

  @Test
  void keepsCredentialsOutOfTheCache() throws Exception {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit("api", Map.of("team-a/api.yaml", API));
      var bare = bareRemote(repo);
      try (var remote = new HttpRemote(bare)) {
        var spec = new SourceSpec(remote.url("user:secret-token"), null, List.of());

        source().read(spec);

        assertThat(filesContaining(directory.resolve("cache"), "secret-token")).isEmpty();
      }
    }
  }

  @Test
  void keepsATokenOutOfTheMessageWhenTheRemoteRefuses() throws Exception {
    try (var remote = HttpRemote.refusing(403)) {
      var spec = new SourceSpec(remote.url("secret-token"), null, List.of());

      assertThatThrownBy(() -> source().read(spec))
          .isInstanceOf(GitSourceException.class)
          .hasMessageStartingWith("repository %s: cannot fetch: ".formatted(remote.url()))
          .message()
          .doesNotContain("secret-token");
    }
  }

  // Shared case C26: a pointer is an error naming the file, never a file that is simply absent.
  @Test
  void reportsAnLfsPointerAndStillReadsTheOtherFiles() {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      repo.commit(
          "lfs",
          Map.of(
              ".gitattributes",
              "profiles/**/*.yaml filter=lfs diff=lfs merge=lfs -text\n",
              "profiles/team-a/web.yaml",
              LFS_POINTER,
              "profiles/team-a/api.yaml",
              API));

      var snapshot = source().read(new SourceSpec(repo.root().toString(), null, List.of()));

      assertThat(paths(snapshot)).containsExactly("profiles/team-a/api.yaml");
      assertThat(snapshot.problems())
          .containsExactly(
              Problem.error(
                  Origin.file("profiles/team-a/web.yaml"),
                  "Git LFS pointer, content not available: the repository holds the pointer, not"
                      + " the file; store manifests without LFS (objects in it are not treated as"
                      + " deleted)"));
    }
  }

  @Test
  void warnsAboutASymbolicLinkAndDoesNotFollowIt() throws IOException {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      Files.createDirectories(repo.root().resolve("team-a"));
      Files.createSymbolicLink(repo.root().resolve("team-a/linked.yaml"), Path.of("api.yaml"));
      repo.commit("link", Map.of("team-a/api.yaml", API));

      var snapshot = source().read(new SourceSpec(repo.root().toString(), null, List.of()));

      assertThat(paths(snapshot)).containsExactly("team-a/api.yaml");
      assertThat(snapshot.problems())
          .containsExactly(
              Problem.warning(
                  Origin.file("team-a/linked.yaml"),
                  "symbolic link not followed; commit the file itself"));
    }
  }

  @Test
  void warnsAboutASymbolicLinkToADirectory() throws IOException {
    try (var repo = GitRepos.init(directory.resolve("work"))) {
      Files.createDirectories(repo.root().resolve("team-a"));
      Files.createSymbolicLink(repo.root().resolve("shared"), Path.of("team-a"));
      repo.commit("link", Map.of("team-a/api.yaml", API));

      var snapshot = source().read(new SourceSpec(repo.root().toString(), null, List.of()));

      assertThat(paths(snapshot)).containsExactly("team-a/api.yaml");
      assertThat(snapshot.problems())
          .singleElement()
          .satisfies(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING))
          .satisfies(p -> assertThat(p.origin()).isEqualTo(Origin.file("shared")))
          .satisfies(p -> assertThat(p.message()).contains("symbolic link not followed"));
    }
  }

  @Test
  void warnsAboutASubmoduleAndDoesNotReadIt() throws Exception {
    try (var library = GitRepos.init(directory.resolve("library"));
        var repo = GitRepos.init(directory.resolve("work"))) {
      library.commit("inside", Map.of("inside.yaml", WEB));
      repo.commit("api", Map.of("api.yaml", API));
      repo.git()
          .submoduleAdd()
          .setPath("vendor/library")
          .setURI(library.root().toUri().toString())
          .call()
          .close();
      repo.commit("submodule", Map.of());

      var snapshot = source().read(new SourceSpec(repo.root().toString(), null, List.of()));

      assertThat(paths(snapshot)).containsExactly("api.yaml");
      assertThat(snapshot.problems())
          .containsExactly(
              Problem.warning(
                  Origin.file("vendor/library"), "submodule skipped; its files are not read"));
    }
  }

  private Path bareRemote(GitRepos repo) throws Exception {
    var bare = directory.resolve("remote.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    push(repo, bare);
    return bare;
  }

  private static void push(GitRepos repo, Path bare) throws Exception {
    repo.git()
        .push()
        .setRemote(bare.toUri().toString())
        .setRefSpecs(
            new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
        .call();
  }

  private List<String> cacheEntries() throws IOException {
    try (var entries = Files.list(directory.resolve("cache"))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The files below a directory whose bytes contain {@code text}. */
  private static List<String> filesContaining(Path root, String text) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      var found = new ArrayList<String>();
      for (var file : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
          found.add(root.relativize(file).toString());
        }
      }
      return found;
    }
  }

  /** Every file below a directory with its size and modification time. */
  private static Map<String, String> listing(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      var out = new TreeMap<String, String>();
      for (var file : files.filter(Files::isRegularFile).toList()) {
        out.put(
            root.relativize(file).toString(),
            Files.size(file) + "@" + Files.getLastModifiedTime(file));
      }
      return out;
    }
  }

  private static List<String> paths(SourceSnapshot snapshot) {
    return snapshot.files().stream().map(SourceFile::path).toList();
  }

  private static String text(SourceSnapshot snapshot, String path) {
    return snapshot.files().stream()
        .filter(f -> f.path().equals(path))
        .map(f -> new String(f.content(), StandardCharsets.UTF_8))
        .findFirst()
        .orElseThrow();
  }
}

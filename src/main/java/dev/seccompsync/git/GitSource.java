package dev.seccompsync.git;

import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.manifest.ManifestLoader;
import dev.seccompsync.manifest.Origin;
import dev.seccompsync.manifest.Problem;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads manifest files from a Git repository at a revision, straight from the object database:
 * nothing is checked out. Remote repositories are cloned once, bare, into a cache directory and
 * fetched again only when the remote ref has moved.
 */
public final class GitSource {
  private static final Logger log = LoggerFactory.getLogger(GitSource.class);

  private static final RefSpec[] MIRROR_REFS = {
    new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*")
  };

  /** Where commits fetched by id or through a fallback ref are kept in a cached clone. */
  static final String FETCHED = "refs/seccomp-sync/fetched/";

  private final Path cacheDirectory;
  private final CredentialsProvider credentials;

  /**
   * @param cacheDirectory where remote repositories are cloned
   * @param credentials for remote repositories; {@code null} for none
   */
  public GitSource(Path cacheDirectory, CredentialsProvider credentials) {
    this.cacheDirectory = cacheDirectory;
    this.credentials = credentials;
  }

  /**
   * Reads the manifest files of the source.
   *
   * @throws GitSourceException when the repository, the revision or a path cannot be found
   */
  public SourceSnapshot read(SourceSpec spec) {
    return read(spec, null);
  }

  /**
   * Reads the source unless the revision still resolves to {@code unlessCommit}: the cheap check a
   * poll makes (for a remote, one ls-remote; a fetch only when it moved).
   *
   * @return the snapshot, or {@code null} when the revision has not moved
   * @throws GitSourceException when the repository, the revision or a path cannot be found
   */
  public SourceSnapshot read(SourceSpec spec, String unlessCommit) {
    var shown = RemoteUrls.redact(spec.repository());
    try (var repository = spec.isRemote() ? openRemote(spec, shown) : openLocal(spec)) {
      var revision = spec.revision() != null ? spec.revision() : defaultBranch(repository);
      var commit = resolve(repository, revision, shown);
      if (commit.name().equals(unlessCommit)) {
        return null;
      }
      var problems = new ArrayList<Problem>();
      var files = readTree(repository, commit, spec.paths(), problems, shown);
      log.debug("read {} files from {}@{} ({})", files.size(), shown, revision, commit.name());
      return new SourceSnapshot(shown, revision, commit.name(), files, problems);
    }
  }

  private static Repository openLocal(SourceSpec spec) {
    var directory = new File(spec.repository());
    if (!directory.isDirectory()) {
      throw new GitSourceException(
          "repository %s: no such directory; give a Git work tree, a bare repository or a URL"
              .formatted(spec.repository()));
    }
    try {
      return Git.open(directory).getRepository();
    } catch (RepositoryNotFoundException e) {
      throw new GitSourceException(
          "repository %s: not a Git repository; run `git init` there or give its root"
              .formatted(spec.repository()),
          e);
    } catch (IOException e) {
      throw new GitSourceException(
          "repository %s: cannot open: %s".formatted(spec.repository(), e.getMessage()), e);
    }
  }

  private Repository openRemote(SourceSpec spec, String shown) {
    var remote = RemoteLocation.of(spec.repository(), credentials);
    var directory = cacheDirectory.resolve(CacheKeys.of(shown) + ".git");
    try {
      if (!Files.isDirectory(directory)) {
        log.debug("cloning {} into {}", shown, directory);
        Files.createDirectories(directory.getParent());
        var tmp = Files.createTempDirectory(directory.getParent(), "clone-");
        try {
          Git.cloneRepository()
              .setURI(remote.url())
              .setBare(true)
              .setCloneAllBranches(true)
              .setDirectory(tmp.toFile())
              .setCredentialsProvider(remote.credentials())
              .call()
              .close();
          Files.move(tmp, directory);
        } finally {
          deleteRecursively(tmp);
        }
      }
      var repository = Git.open(directory.toFile()).getRepository();
      fetchIfMoved(repository, spec, remote, shown);
      if (isMissingCommit(repository, spec.revision())) {
        fetchCommit(repository, spec, remote, shown);
      }
      return repository;
    } catch (GitAPIException | IOException e) {
      var reason = RemoteUrls.redactText(e.getMessage(), remote.secret());
      // JGit starts its messages with the URL, which the subject already names.
      if (reason.startsWith(remote.url() + ": ")) {
        reason = reason.substring(remote.url().length() + 2);
      }
      throw new GitSourceException(
          "repository %s: cannot fetch: %s; check the URL and the credentials"
              .formatted(shown, reason));
    }
  }

  private static void fetchIfMoved(
      Repository repository, SourceSpec spec, RemoteLocation remote, String shown)
      throws GitAPIException, IOException {
    if (spec.revision() != null
        && ObjectId.isId(spec.revision())
        && repository.getObjectDatabase().has(ObjectId.fromString(spec.revision()))) {
      return;
    }
    // One ls-remote answers both questions: did anything move, and where does HEAD point.
    Map<String, Ref> advertised =
        Git.lsRemoteRepository()
            .setRemote(remote.url())
            .setCredentialsProvider(remote.credentials())
            .callAsMap();
    if (!moved(repository, advertised)) {
      log.debug("{} has not moved, using the cached clone", shown);
      return;
    }
    log.debug("fetching {}", shown);
    try (var git = new Git(repository)) {
      git.fetch()
          .setRemote(remote.url())
          .setRefSpecs(MIRROR_REFS)
          .setRemoveDeletedRefs(true)
          .setCredentialsProvider(remote.credentials())
          .call();
    }
    var head = advertised.get(Constants.HEAD);
    if (head != null && head.isSymbolic()) {
      repository.updateRef(Constants.HEAD).link(head.getTarget().getName());
    }
  }

  private static boolean isMissingCommit(Repository repository, String revision)
      throws IOException {
    return revision != null
        && ObjectId.isId(revision)
        && !repository.getObjectDatabase().has(ObjectId.fromString(revision));
  }

  /**
   * Fetches a commit that no branch or tag holds (a pull request's head, perhaps from a fork): by
   * its id first, which most hosts allow, then through the spec's fallback refs. Each lands below
   * {@value #FETCHED}, which no mirror fetch prunes, so that it stays in the cache.
   */
  private static void fetchCommit(
      Repository repository, SourceSpec spec, RemoteLocation remote, String shown)
      throws IOException {
    var commit = spec.revision();
    var names = spec.fallbackRefs().stream().map(GitSource::belowRefs).toList();
    // One ref per pull request, moved along with it; a bare commit id gets its own.
    var keep = FETCHED + (names.isEmpty() ? "commits/" + commit : names.get(0));
    var attempts = new ArrayList<RefSpec>();
    attempts.add(new RefSpec(commit));
    for (var name : names) {
      attempts.add(new RefSpec("+" + Constants.R_REFS + name + ":" + FETCHED + name));
    }
    for (var refSpec : attempts) {
      log.debug("fetching {} from {}", refSpec.getSource(), shown);
      try (var git = new Git(repository)) {
        git.fetch()
            .setRemote(remote.url())
            .setRefSpecs(refSpec)
            .setCredentialsProvider(remote.credentials())
            .call();
      } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
        log.debug(
            "fetching {} failed: {}",
            refSpec.getSource(),
            RemoteUrls.redactText(e.getMessage(), remote.secret()));
      }
      if (!isMissingCommit(repository, commit)) {
        // A commit fetched by its id comes without a ref; one keeps it from garbage collection.
        var update = repository.updateRef(keep);
        update.setNewObjectId(ObjectId.fromString(commit));
        update.forceUpdate();
        return;
      }
    }
    var tried = new ArrayList<String>();
    tried.add("by its id");
    spec.fallbackRefs().forEach(tried::add);
    throw new GitSourceException(
        ("repository %s: commit %s not found, not on a branch or tag nor when fetched %s;"
                + " check that it was pushed there")
            .formatted(shown, commit, String.join(" or from ", tried)));
  }

  /** {@code refs/pull/7/head} and {@code pull/7/head} as {@code pull/7/head}. */
  private static String belowRefs(String ref) {
    return ref.startsWith(Constants.R_REFS) ? ref.substring(Constants.R_REFS.length()) : ref;
  }

  /** Whether a branch or tag was added, moved or deleted on the remote since the last fetch. */
  private static boolean moved(Repository repository, Map<String, Ref> advertised)
      throws IOException {
    var local = repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS, Constants.R_TAGS);
    if (local.stream().anyMatch(ref -> !advertised.containsKey(ref.getName()))) {
      return true;
    }
    for (var ref : advertised.values()) {
      var name = ref.getName();
      if (!name.startsWith(Constants.R_HEADS) && !name.startsWith(Constants.R_TAGS)) {
        continue;
      }
      var mine = repository.exactRef(name);
      if (mine == null || !mine.getObjectId().equals(ref.getObjectId())) {
        return true;
      }
    }
    return false;
  }

  private static String defaultBranch(Repository repository) {
    try {
      var head = repository.exactRef(Constants.HEAD);
      if (head != null && head.isSymbolic()) {
        return Repository.shortenRefName(head.getTarget().getName());
      }
      return Constants.HEAD;
    } catch (IOException e) {
      throw new GitSourceException("repository: cannot read HEAD: " + e.getMessage(), e);
    }
  }

  private static RevCommit resolve(Repository repository, String revision, String shown) {
    try (var walk = new RevWalk(repository)) {
      var id = repository.resolve(revision + "^{commit}");
      if (id == null && repository.getRefDatabase().getRefs().isEmpty()) {
        throw new GitSourceException(
            "repository %s has no commits; commit the manifests first".formatted(shown));
      }
      if (id == null) {
        throw new GitSourceException(
            "repository %s: revision %s not found; give a branch, tag or commit that exists there"
                .formatted(shown, revision));
      }
      return walk.parseCommit(id);
    } catch (IOException e) {
      throw new GitSourceException(
          "repository %s: cannot resolve %s: %s".formatted(shown, revision, e.getMessage()), e);
    }
  }

  private static List<SourceFile> readTree(
      Repository repository,
      RevCommit commit,
      List<String> paths,
      List<Problem> problems,
      String shown) {
    var files = new ArrayList<SourceFile>();
    var prefixes = paths.stream().map(GitSource::trimSlashes).filter(p -> !p.isEmpty()).toList();
    try (var walk = new TreeWalk(repository)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      if (!prefixes.isEmpty()) {
        walk.setFilter(PathFilterGroup.createFromStrings(prefixes));
      }
      var seenPrefixes = new java.util.HashSet<String>();
      while (walk.next()) {
        var path = walk.getPathString();
        prefixes.stream()
            .filter(p -> path.startsWith(p + "/") || path.equals(p))
            .forEach(seenPrefixes::add);
        if (hidden(path, prefixes)) {
          continue;
        }
        readEntry(repository, walk, path, files, problems);
      }
      for (var prefix : prefixes) {
        if (!seenPrefixes.contains(prefix)) {
          throw new GitSourceException(
              "repository %s@%s: path %s does not exist at that revision; check --path"
                  .formatted(shown, commit.abbreviate(12).name(), prefix));
        }
      }
    } catch (IOException e) {
      throw new GitSourceException(
          "repository %s: cannot read tree: %s".formatted(shown, e.getMessage()), e);
    }
    return files;
  }

  private static void readEntry(
      Repository repository,
      TreeWalk walk,
      String path,
      List<SourceFile> files,
      List<Problem> problems)
      throws IOException {
    var mode = walk.getFileMode(0);
    if (mode == FileMode.GITLINK) {
      problems.add(Problem.warning(Origin.file(path), "submodule skipped; its files are not read"));
      return;
    }
    if (mode == FileMode.SYMLINK && mayHoldManifests(path)) {
      problems.add(
          Problem.warning(Origin.file(path), "symbolic link not followed; commit the file itself"));
      return;
    }
    if (mode == FileMode.SYMLINK || !ManifestLoader.isManifestPath(path)) {
      return;
    }
    var blob = repository.open(walk.getObjectId(0));
    if (blob.getSize() > LoadOptions.DEFAULT_MAX_FILE_BYTES) {
      problems.add(
          Problem.error(
              Origin.file(path),
              "file is %d bytes, larger than the %d-byte limit; split it into several files"
                  .formatted(blob.getSize(), LoadOptions.DEFAULT_MAX_FILE_BYTES)));
      return;
    }
    var content = blob.getBytes();
    if (ManifestLoader.isLfsPointer(content)) {
      problems.add(ManifestLoader.lfsPointer(path));
      return;
    }
    files.add(new SourceFile(path, content));
  }

  /**
   * Files and directories whose names start with a dot ({@code .github/}, {@code
   * .pre-commit-config.yaml}) hold tooling, not manifests, and are not read, unless a {@code
   * --path} names one.
   */
  /**
   * Whether a file at {@code path} is one of the manifests a read of {@code paths} takes: below one
   * of them (or anywhere, for none), named like a manifest, and not hidden in a dot-file or
   * dot-directory.
   */
  public static boolean readsAsManifest(String path, List<String> paths) {
    var prefixes = paths.stream().map(GitSource::trimSlashes).filter(p -> !p.isEmpty()).toList();
    boolean below =
        prefixes.isEmpty()
            || prefixes.stream().anyMatch(p -> path.startsWith(p + "/") || path.equals(p));
    return below && ManifestLoader.isManifestPath(path) && !hidden(path, prefixes);
  }

  private static boolean hidden(String path, List<String> prefixes) {
    for (var prefix : prefixes) {
      if (path.startsWith(prefix + "/") || path.equals(prefix)) {
        path = path.substring(Math.min(path.length(), prefix.length() + 1));
        break;
      }
    }
    for (var segment : path.split("/")) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** A link named like a manifest, or like a directory (no extension), may hide manifests. */
  private static boolean mayHoldManifests(String path) {
    var name = path.substring(path.lastIndexOf('/') + 1);
    return ManifestLoader.isManifestPath(path) || !name.contains(".");
  }

  private static String trimSlashes(String path) {
    var trimmed = path.replace('\\', '/');
    while (trimmed.startsWith("./")) {
      trimmed = trimmed.substring(2);
    }
    return trimmed.replaceAll("^/+|/+$", "");
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (var paths = Files.walk(path)) {
      for (var p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package dev.seccompsync.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A remote repository's branches as a bot works on them: fetch a base branch and a working branch
 * into a bare cache, read files at a commit, write commits straight into the object database (no
 * work tree, no checkout), merge three ways in memory, and push a branch only if it is still where
 * it was read (force-with-lease).
 */
public final class BranchRepository implements AutoCloseable {

  private static final String REMOTE_PREFIX = "refs/remotes/origin/";

  private final Repository repository;
  private final RemoteLocation remote;
  private final String shown;

  private BranchRepository(Repository repository, RemoteLocation remote, String shown) {
    this.repository = repository;
    this.remote = remote;
    this.shown = shown;
  }

  /**
   * Opens (creating it when needed) the bare cache of a remote.
   *
   * @param url a URL or a local path; credentials in an https URL are kept out of the cache
   */
  public static BranchRepository open(
      Path cacheDirectory, String url, org.eclipse.jgit.transport.CredentialsProvider configured) {
    var given = new SourceSpec(url, null, List.of()).isRemote() ? url : localUrl(url);
    var remote = RemoteLocation.of(given, configured);
    var shown = RemoteUrls.redact(url);
    var directory = cacheDirectory.resolve(CacheKeys.of(remote.url()) + ".git").toFile();
    try {
      Repository repository;
      if (new File(directory, "HEAD").isFile()) {
        repository = Git.open(directory).getRepository();
      } else {
        Files.createDirectories(directory.toPath());
        repository = Git.init().setBare(true).setDirectory(directory).call().getRepository();
      }
      return new BranchRepository(repository, remote, shown);
    } catch (IOException | GitAPIException e) {
      throw new GitSourceException(
          "repository %s: cannot prepare the cache in %s: %s"
              .formatted(shown, directory, e.getMessage()),
          e);
    }
  }

  private static String localUrl(String path) {
    var directory = new File(path);
    if (!directory.isDirectory()) {
      throw new GitSourceException(
          "repository %s: no such directory; give a Git repository or a URL".formatted(path));
    }
    return directory.getAbsoluteFile().toURI().toString();
  }

  /** The repository as shown to people, without credentials. */
  public String shown() {
    return shown;
  }

  /** The branch the remote's HEAD points at, or {@code main} when it does not say. */
  public String defaultBranch() {
    try {
      var head =
          Git.lsRemoteRepository()
              .setRemote(remote.url())
              .setCredentialsProvider(remote.credentials())
              .callAsMap()
              .get(Constants.HEAD);
      if (head != null && head.isSymbolic()) {
        return Repository.shortenRefName(head.getTarget().getName());
      }
      return "main";
    } catch (GitAPIException e) {
      throw new GitSourceException(
          "repository %s: cannot list its branches: %s; check the URL and the credentials"
              .formatted(shown, reason(e)),
          e);
    }
  }

  /**
   * Fetches the branches.
   *
   * @return the commit of each that exists on the remote, by branch name
   */
  public Map<String, String> fetch(String... branches) {
    var specs = new ArrayList<RefSpec>();
    for (var branch : branches) {
      specs.add(new RefSpec("+" + Constants.R_HEADS + branch + ":" + REMOTE_PREFIX + branch));
    }
    try (var git = new Git(repository)) {
      var advertised =
          Git.lsRemoteRepository()
              .setRemote(remote.url())
              .setHeads(true)
              .setCredentialsProvider(remote.credentials())
              .callAsMap();
      var present = new ArrayList<RefSpec>();
      for (int i = 0; i < branches.length; i++) {
        if (advertised.containsKey(Constants.R_HEADS + branches[i])) {
          present.add(specs.get(i));
        } else {
          var stale = repository.exactRef(REMOTE_PREFIX + branches[i]);
          if (stale != null) {
            var update = repository.updateRef(stale.getName());
            update.setForceUpdate(true);
            update.delete();
          }
        }
      }
      if (!present.isEmpty()) {
        git.fetch()
            .setRemote(remote.url())
            .setRefSpecs(present)
            .setCredentialsProvider(remote.credentials())
            .call();
      }
      var commits = new LinkedHashMap<String, String>();
      for (var branch : branches) {
        var ref = repository.exactRef(REMOTE_PREFIX + branch);
        if (ref != null && advertised.containsKey(Constants.R_HEADS + branch)) {
          commits.put(branch, ref.getObjectId().name());
        }
      }
      return commits;
    } catch (GitAPIException | IOException e) {
      throw new GitSourceException(
          "repository %s: cannot fetch: %s; check the URL and the credentials"
              .formatted(shown, reason(e)),
          e);
    }
  }

  /** The files at a commit whose paths pass the filter, path to content. */
  public Map<String, byte[]> read(String commit, Predicate<String> paths) {
    var files = new LinkedHashMap<String, byte[]>();
    try (var walk = new TreeWalk(repository)) {
      walk.addTree(parse(commit).getTree());
      walk.setRecursive(true);
      while (walk.next()) {
        var path = walk.getPathString();
        if (walk.getFileMode(0) == FileMode.REGULAR_FILE
            || walk.getFileMode(0) == FileMode.EXECUTABLE_FILE) {
          if (paths.test(path)) {
            files.put(path, repository.open(walk.getObjectId(0)).getBytes());
          }
        }
      }
      return files;
    } catch (IOException e) {
      throw failure("read " + commit, e);
    }
  }

  /** One file at a commit, or empty when the commit has none at that path. */
  public Optional<byte[]> file(String commit, String path) {
    try (var walk = TreeWalk.forPath(repository, path, parse(commit).getTree())) {
      if (walk == null || walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
        return Optional.empty();
      }
      return Optional.of(repository.open(walk.getObjectId(0)).getBytes());
    } catch (IOException e) {
      throw failure("read " + path, e);
    }
  }

  /** A commit on a branch. */
  public record CommitInfo(String id, String message, String author) {}

  /** The commits reachable from {@code tip} and not from {@code base}, newest first. */
  public List<CommitInfo> commitsSince(String tip, String base) {
    try (var walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(ObjectId.fromString(tip)));
      walk.markUninteresting(walk.parseCommit(ObjectId.fromString(base)));
      var commits = new ArrayList<CommitInfo>();
      for (var commit : walk) {
        var author = commit.getAuthorIdent();
        commits.add(
            new CommitInfo(
                commit.name(),
                commit.getFullMessage(),
                author.getName() + " <" + author.getEmailAddress() + ">"));
      }
      return commits;
    } catch (IOException e) {
      throw failure("walk the history of " + tip, e);
    }
  }

  /**
   * Writes a commit whose tree is the parent's with the files replaced or added.
   *
   * @return the new commit's id
   */
  public String commit(
      String parent, Map<String, byte[]> files, PersonIdent author, String message) {
    try (var inserter = repository.newObjectInserter()) {
      var tree = treeWith(parse(parent).getTree(), files, inserter);
      var commit = new CommitBuilder();
      commit.setTreeId(tree);
      commit.setParentId(ObjectId.fromString(parent));
      commit.setAuthor(author);
      commit.setCommitter(author);
      commit.setMessage(message);
      var id = inserter.insert(commit);
      inserter.flush();
      return id.name();
    } catch (IOException e) {
      throw failure("write a commit", e);
    }
  }

  /**
   * Applies the change from {@code base} to {@code theirs} on top of {@code ours}, three ways.
   *
   * @return the merged commit (parent {@code ours}), or empty when the changes conflict
   */
  public Optional<String> merge(
      String base, String ours, String theirs, PersonIdent author, String message) {
    try {
      var merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repository, true);
      merger.setBase(parse(base).getTree());
      if (!merger.merge(ObjectId.fromString(ours), ObjectId.fromString(theirs))) {
        return Optional.empty();
      }
      try (var inserter = repository.newObjectInserter()) {
        var commit = new CommitBuilder();
        commit.setTreeId(merger.getResultTreeId());
        commit.setParentId(ObjectId.fromString(ours));
        commit.setAuthor(author);
        commit.setCommitter(author);
        commit.setMessage(message);
        var id = inserter.insert(commit);
        inserter.flush();
        return Optional.of(id.name());
      }
    } catch (IOException e) {
      throw failure("merge onto " + ours, e);
    }
  }

  /** A commit's first parent, or {@code null} for a root commit. */
  public String parentOf(String commit) {
    try {
      var parsed = parse(commit);
      return parsed.getParentCount() == 0 ? null : parsed.getParent(0).name();
    } catch (IOException e) {
      throw failure("read " + commit, e);
    }
  }

  /** Whether two commits have the same tree. */
  public boolean sameTree(String a, String b) {
    try {
      return parse(a).getTree().equals(parse(b).getTree());
    } catch (IOException e) {
      throw failure("compare " + a + " and " + b, e);
    }
  }

  /** What a push did. */
  public enum Pushed {
    /** The branch now points at the commit. */
    UPDATED,
    /** The branch is no longer where it was read; nothing changed. */
    MOVED
  }

  /**
   * Points the remote branch at the commit if it is still at {@code expectedOld}.
   *
   * @param expectedOld the commit the branch was read at; {@code null} when it must not exist
   */
  public Pushed push(String commit, String branch, String expectedOld) {
    var expected = expectedOld == null ? ObjectId.zeroId() : ObjectId.fromString(expectedOld);
    try (var transport = Transport.open(repository, new URIish(remote.url()))) {
      transport.setCredentialsProvider(remote.credentials());
      var update =
          new RemoteRefUpdate(
              repository,
              (String) null,
              ObjectId.fromString(commit),
              Constants.R_HEADS + branch,
              true,
              null,
              expected);
      var result =
          transport.push(org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE, List.of(update));
      var status = result.getRemoteUpdate(Constants.R_HEADS + branch).getStatus();
      return switch (status) {
        case OK, UP_TO_DATE -> Pushed.UPDATED;
        case REJECTED_REMOTE_CHANGED, REJECTED_NONFASTFORWARD -> Pushed.MOVED;
        default ->
            throw new GitSourceException(
                "repository %s: push of %s refused (%s)%s; check that the token may push to it"
                    .formatted(shown, branch, status, message(result, branch)));
      };
    } catch (IOException | java.net.URISyntaxException e) {
      throw new GitSourceException(
          "repository %s: cannot push %s: %s; check the URL and the credentials"
              .formatted(shown, branch, reason(e)),
          e);
    }
  }

  private static String message(org.eclipse.jgit.transport.PushResult result, String branch) {
    var text = result.getRemoteUpdate(Constants.R_HEADS + branch).getMessage();
    return text == null || text.isBlank() ? "" : ": " + text.strip();
  }

  private ObjectId treeWith(
      org.eclipse.jgit.revwalk.RevTree base,
      Map<String, byte[]> files,
      org.eclipse.jgit.lib.ObjectInserter inserter)
      throws IOException {
    var index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    try (var walk = new TreeWalk(repository)) {
      walk.addTree(base);
      walk.setRecursive(true);
      while (walk.next()) {
        if (files.containsKey(walk.getPathString())) {
          continue;
        }
        var entry = new DirCacheEntry(walk.getRawPath());
        entry.setFileMode(walk.getFileMode(0));
        entry.setObjectId(walk.getObjectId(0));
        builder.add(entry);
      }
    }
    for (var file : files.entrySet()) {
      var entry = new DirCacheEntry(file.getKey());
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
      builder.add(entry);
    }
    builder.finish();
    return index.writeTree(inserter);
  }

  private RevCommit parse(String commit) throws IOException {
    try (var walk = new RevWalk(repository)) {
      return walk.parseCommit(ObjectId.fromString(commit));
    }
  }

  private String reason(Exception e) {
    var reason = RemoteUrls.redactText(String.valueOf(e.getMessage()), remote.secret());
    if (reason.startsWith(remote.url() + ": ")) {
      reason = reason.substring(remote.url().length() + 2);
    }
    return reason;
  }

  private GitSourceException failure(String what, IOException e) {
    return new GitSourceException(
        "repository %s: cannot %s: %s".formatted(shown, what, e.getMessage()), e);
  }

  @Override
  public void close() {
    repository.close();
  }
}

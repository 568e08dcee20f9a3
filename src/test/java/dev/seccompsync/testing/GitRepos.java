package dev.seccompsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** A real Git work tree in a temporary directory, written and committed with JGit. */
public final class GitRepos implements AutoCloseable {

  private final Path root;
  private final Git git;

  private GitRepos(Path root, Git git) {
    this.root = root;
    this.git = git;
  }

  /** Initialises a repository with branch {@code main} in {@code root}. */
  public static GitRepos init(Path root) {
    try {
      return new GitRepos(
          root, Git.init().setDirectory(root.toFile()).setInitialBranch("main").call());
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path root() {
    return root;
  }

  public Git git() {
    return git;
  }

  /** Writes the files (path to content) and commits them; returns the commit id. */
  public String commit(String message, Map<String, String> files) {
    try {
      for (var file : files.entrySet()) {
        var path = root.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
      }
      git.add().addFilepattern(".").call();
      return commitAll(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes a file and commits; returns the commit id. */
  public String delete(String message, String path) {
    try {
      git.rm().addFilepattern(path).call();
      return commitAll(message);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A bare remote in {@code directory/remote.git} whose main holds one commit of the files (made in
   * the work tree {@code directory/work}), as a hosted repository would be.
   */
  public static Path bareRemote(Path directory, Map<String, String> files) {
    try (var work = init(directory.resolve("work"))) {
      work.commit("policies", files);
      return work.bareClone(directory.resolve("remote.git"));
    }
  }

  /** A bare clone of this repository at {@code bare}; returns {@code bare}. */
  public Path bareClone(Path bare) {
    try {
      Git.cloneRepository()
          .setURI(root.toUri().toString())
          .setBare(true)
          .setDirectory(bare.toFile())
          .call()
          .close();
      return bare;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A person's commit on a branch of a remote: clones it into a new directory below {@code
   * scratch}, writes the files (a {@code null} content deletes the file), commits as {@code author
   * <email>} and pushes; returns the commit id.
   */
  public static String pushAs(
      Path scratch,
      Path remote,
      String branch,
      String author,
      String email,
      String message,
      Map<String, String> files) {
    try {
      Files.createDirectories(scratch);
      var clone = Files.createTempDirectory(scratch, "clone-");
      try (var git =
          Git.cloneRepository()
              .setURI(remote.toUri().toString())
              .setBranch(branch)
              .setDirectory(clone.toFile())
              .call()) {
        for (var file : files.entrySet()) {
          if (file.getValue() == null) {
            git.rm().addFilepattern(file.getKey()).call();
          } else {
            var path = clone.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            git.add().addFilepattern(file.getKey()).call();
          }
        }
        var person = new PersonIdent(author, email);
        var commit = git.commit().setMessage(message).setAuthor(person).setCommitter(person).call();
        git.push().setRemote("origin").add(branch).call();
        return commit.name();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  private String commitAll(String message) throws GitAPIException {
    var author = new PersonIdent("Test Author", "author@example.com");
    return git.commit()
        .setMessage(message)
        .setAuthor(author)
        .setCommitter(author)
        .setAll(true)
        .call()
        .name();
  }

  @Override
  public void close() {
    git.close();
  }
}

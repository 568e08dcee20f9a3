package dev.seccompsync.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.testing.GitDaemon;
import dev.seccompsync.testing.GitRepos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network remote: {@code git daemon} serving a bare repository on 127.0.0.1, read over the git
 * protocol. The clone is made once; a later read fetches only when the remote moved.
 */
class GitDaemonRemoteTest {

  @TempDir Path directory;

  private GitDaemon daemon;

  @AfterEach
  void stopDaemon() throws InterruptedException {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void clonesOnceAndFetchesWhenTheRemoteMoves() throws Exception {
    var served = directory.resolve("served");
    var bare = served.resolve("policies.git");
    try (var work = GitRepos.init(directory.resolve("work"))) {
      work.commit("first", Map.of("profiles/web.yaml", "kind: A\n"));
      Git.cloneRepository()
          .setURI(work.root().toUri().toString())
          .setBare(true)
          .setDirectory(bare.toFile())
          .call()
          .close();
      daemon = GitDaemon.serve(served, false, directory.resolve("daemon.log"));
      var url = daemon.url("policies.git");
      var source = new GitSource(directory.resolve("cache"), null);

      var first = source.read(new SourceSpec(url, null, List.of("profiles")));

      assertThat(first.repository()).isEqualTo(url);
      assertThat(first.revision()).isEqualTo("main");
      assertThat(first.files()).extracting(SourceFile::path).containsExactly("profiles/web.yaml");

      var second = work.commit("second", Map.of("profiles/db.yaml", "kind: B\n"));
      try (var push = Git.open(work.root().toFile())) {
        push.push().setRemote(bare.toUri().toString()).add("main").call();
      }
      var moved = source.read(new SourceSpec(url, null, List.of("profiles")));

      assertThat(moved.commit()).isEqualTo(second);
      assertThat(moved.files())
          .extracting(SourceFile::path)
          .containsExactly("profiles/db.yaml", "profiles/web.yaml");
      assertThat(directory.resolve("cache").toFile().list()).hasSize(1);
    }
  }
}

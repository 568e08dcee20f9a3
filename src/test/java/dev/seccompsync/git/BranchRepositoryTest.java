package dev.seccompsync.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seccompsync.testing.GitDaemon;
import dev.seccompsync.testing.GitRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot's branch on a network remote: {@code git daemon} on 127.0.0.1 taking pushes. Commits are
 * written without a work tree, and a push lands only while the branch is where it was read.
 */
class BranchRepositoryTest {

  private static final PersonIdent BOT = new PersonIdent("bot", "bot@example.org");

  @TempDir Path directory;

  private GitDaemon daemon;

  @AfterEach
  void stop() throws InterruptedException {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void commitsAndPushesWithALeaseOverTheGitProtocol() throws Exception {
    var served = directory.resolve("served");
    var bare = served.resolve("policies.git");
    try (var work = GitRepos.init(directory.resolve("work"))) {
      var main = work.commit("first", Map.of("profiles/web.yaml", "kind: A\n", "README", "r\n"));
      work.bareClone(bare);
      daemon = GitDaemon.serve(served, true, directory.resolve("daemon.log"));

      try (var repository =
          BranchRepository.open(directory.resolve("cache"), daemon.url("policies.git"), null)) {
        assertThat(repository.defaultBranch()).isEqualTo("main");
        var heads = repository.fetch("main", "bot/branch");
        assertThat(heads).containsOnlyKeys("main").containsEntry("main", main);

        var commit =
            repository.commit(
                main, Map.of("profiles/web.yaml", bytes("kind: B\n")), BOT, "Change web");
        assertThat(repository.file(commit, "profiles/web.yaml")).hasValue(bytes("kind: B\n"));
        assertThat(repository.file(commit, "README")).hasValue(bytes("r\n"));
        assertThat(repository.push(commit, "bot/branch", null))
            .isEqualTo(BranchRepository.Pushed.UPDATED);

        // The branch exists now: a push that expects it absent, or elsewhere, changes nothing.
        var other = repository.commit(main, Map.of("x.yaml", bytes("kind: C\n")), BOT, "Other");
        assertThat(repository.push(other, "bot/branch", null))
            .isEqualTo(BranchRepository.Pushed.MOVED);
        assertThat(repository.push(other, "bot/branch", main))
            .isEqualTo(BranchRepository.Pushed.MOVED);
        assertThat(repository.fetch("bot/branch")).containsEntry("bot/branch", commit);

        assertThat(repository.push(other, "bot/branch", commit))
            .isEqualTo(BranchRepository.Pushed.UPDATED);
        assertThat(repository.fetch("bot/branch")).containsEntry("bot/branch", other);
        assertThat(repository.commitsSince(other, main))
            .singleElement()
            .satisfies(c -> assertThat(c.author()).isEqualTo("bot <bot@example.org>"));
      }
    }
  }

  @Test
  void aRemoteThatRefusesPushesSaysSo() throws Exception {
    var served = directory.resolve("served");
    var bare = served.resolve("policies.git");
    try (var work = GitRepos.init(directory.resolve("work"))) {
      var main = work.commit("first", Map.of("profiles/web.yaml", "kind: A\n"));
      work.bareClone(bare);
      daemon = GitDaemon.serve(served, false, directory.resolve("daemon.log"));
      try (var repository =
          BranchRepository.open(directory.resolve("cache"), daemon.url("policies.git"), null)) {
        repository.fetch("main");
        var commit = repository.commit(main, Map.of("a.yaml", bytes("kind: B\n")), BOT, "A");

        assertThatThrownBy(() -> repository.push(commit, "bot/branch", null))
            .isInstanceOf(GitSourceException.class)
            .hasMessageStartingWith("repository " + daemon.url("policies.git") + ": ")
            .hasMessageContaining("push")
            .hasMessageContaining("check");
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

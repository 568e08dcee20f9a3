package dev.seccompsync.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.testing.GitRepos;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  private Process daemon;

  @AfterEach
  void stopDaemon() throws InterruptedException {
    if (daemon != null) {
      daemon.destroy();
      daemon.waitFor(10, TimeUnit.SECONDS);
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
      var url = "git://127.0.0.1:%d/policies.git".formatted(startDaemon(served));
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

  private int startDaemon(Path base) throws IOException, InterruptedException {
    int port;
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    daemon =
        new ProcessBuilder(
                "git",
                "daemon",
                "--reuseaddr",
                "--export-all",
                "--listen=127.0.0.1",
                "--port=" + port,
                "--base-path=" + base,
                base.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("daemon.log").toFile())
            .start();
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (var probe = new Socket("127.0.0.1", port)) {
        return probe.getPort();
      } catch (IOException notYet) {
        Thread.onSpinWait();
      }
    }
    throw new IllegalStateException("git daemon did not start on port " + port);
  }
}

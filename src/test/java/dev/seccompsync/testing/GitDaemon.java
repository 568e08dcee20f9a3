package dev.seccompsync.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code git daemon} serving the repositories below a directory on 127.0.0.1. */
public final class GitDaemon implements AutoCloseable {

  private final Process process;
  private final int port;

  private GitDaemon(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the daemon and waits until it accepts connections.
   *
   * @param pushes whether it takes pushes ({@code receive-pack}), which git daemon refuses by
   *     default
   * @param log where its output goes
   */
  public static GitDaemon serve(Path base, boolean pushes, Path log)
      throws IOException, InterruptedException {
    int port;
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    var command =
        new ArrayList<>(
            List.of(
                "git",
                "daemon",
                "--reuseaddr",
                "--export-all",
                "--listen=127.0.0.1",
                "--port=" + port,
                "--base-path=" + base));
    if (pushes) {
      command.add("--enable=receive-pack");
    }
    command.add(base.toString());
    var process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (var probe = new Socket("127.0.0.1", port)) {
        return new GitDaemon(process, port);
      } catch (IOException notYet) {
        Thread.onSpinWait();
      }
    }
    process.destroy();
    throw new IllegalStateException("git daemon did not start on port " + port);
  }

  /** The git:// URL of a repository below the base directory. */
  public String url(String name) {
    return "git://127.0.0.1:%d/%s".formatted(port, name);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}

package dev.seccompsync.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A bare repository served read-only on 127.0.0.1 over Git's smart HTTP protocol, answered by
 * JGit's own upload-pack, or a server that answers every request with one status. Credentials in
 * the URL are accepted and ignored, which is enough to see where a client keeps or shows them.
 */
final class HttpRemote implements AutoCloseable {

  private static final String CONTEXT = "/repo.git/";

  private final Path bare;
  private final int status;
  private final HttpServer server;

  /** Serves the bare repository. */
  HttpRemote(Path bare) throws IOException {
    this(bare, 200);
  }

  private HttpRemote(Path bare, int status) throws IOException {
    this.bare = bare;
    this.status = status;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(CONTEXT, this::serve);
    server.start();
  }

  /** A server that refuses every request with {@code status}, such as 403. */
  static HttpRemote refusing(int status) throws IOException {
    return new HttpRemote(null, status);
  }

  /** The repository's URL with {@code userInfo} ({@code user:password}) in it. */
  String url(String userInfo) {
    return "http://%s@127.0.0.1:%d/repo.git".formatted(userInfo, server.getAddress().getPort());
  }

  /** The repository's URL without credentials. */
  String url() {
    return "http://127.0.0.1:%d/repo.git".formatted(server.getAddress().getPort());
  }

  private void serve(HttpExchange exchange) throws IOException {
    if (bare == null) {
      try (exchange) {
        exchange.sendResponseHeaders(status, -1);
      }
      return;
    }
    try (exchange;
        var repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
      var path = exchange.getRequestURI().getPath().substring(CONTEXT.length());
      if (path.equals("info/refs")
          && "service=git-upload-pack".equals(exchange.getRequestURI().getQuery())) {
        advertise(exchange, repository);
      } else if (path.equals("git-upload-pack") && exchange.getRequestMethod().equals("POST")) {
        upload(exchange, repository);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private static void advertise(HttpExchange exchange, Repository repository) throws IOException {
    exchange
        .getResponseHeaders()
        .set("Content-Type", "application/x-git-upload-pack-advertisement");
    exchange.sendResponseHeaders(200, 0);
    var out = new PacketLineOut(exchange.getResponseBody());
    out.writeString("# service=git-upload-pack\n");
    out.end();
    var pack = new UploadPack(repository);
    pack.setBiDirectionalPipe(false);
    pack.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(out));
  }

  private static void upload(HttpExchange exchange, Repository repository) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-result");
    exchange.sendResponseHeaders(200, 0);
    var pack = new UploadPack(repository);
    pack.setBiDirectionalPipe(false);
    pack.upload(in, exchange.getResponseBody(), null);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

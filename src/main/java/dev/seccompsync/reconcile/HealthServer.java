package dev.seccompsync.reconcile;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** {@code /healthz}, {@code /readyz} and {@code /metrics} on one small HTTP server. */
final class HealthServer implements AutoCloseable {

  /** A probe's answer: whether it passes, and one line saying why. */
  record Status(boolean ok, String detail) {}

  private final HttpServer server;

  HealthServer(
      InetSocketAddress address,
      Supplier<Status> health,
      Supplier<Status> readiness,
      Metrics metrics)
      throws IOException {
    server = HttpServer.create(address, 16);
    server.createContext("/healthz", exchange -> probe(exchange, health.get()));
    server.createContext("/readyz", exchange -> probe(exchange, readiness.get()));
    server.createContext(
        "/metrics",
        exchange -> {
          try (exchange) {
            var body = new java.io.ByteArrayOutputStream();
            metrics.write(body);
            exchange.getResponseHeaders().set("Content-Type", Metrics.contentType());
            exchange.sendResponseHeaders(200, body.size());
            exchange.getResponseBody().write(body.toByteArray());
          }
        });
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(404, -1);
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, daemon()));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange exchange, Status status) throws IOException {
    try (exchange) {
      var body = (status.detail() + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status.ok() ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      var thread = new Thread(runnable, "seccomp-sync-http");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

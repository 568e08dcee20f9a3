package dev.seccompsync.promote;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A WireMock server on 127.0.0.1, a sleeper that only records, a fixed clock, and a token. */
final class HostFixture implements AutoCloseable {

  /** The token every test sends; no message or toString may show it. */
  static final String TOKEN = "tok-Zq9x7-SECRET-4242";

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  final WireMockServer server;
  final List<Duration> sleeps = new ArrayList<>();
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  HostFixture() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  String base(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  String host() {
    return "127.0.0.1:" + server.port();
  }

  HostingTarget target(Provider provider, String apiPath, String owner, String repo) {
    return HostingTarget.of(provider, base(apiPath), owner, repo);
  }

  Token token(Provider provider) {
    return Tokens.resolve(provider, null, Map.of(provider.tokenVariable(), TOKEN));
  }

  HostingHttp http(HostingTarget target, RetryPolicy policy) {
    return new HostingHttp(target, token(target.provider()), policy, sleeps::add, clock);
  }

  HostingHttp http(HostingTarget target) {
    return http(target, new RetryPolicy(3, Duration.ofMinutes(5), Duration.ofSeconds(1)));
  }

  void reset() {
    server.resetAll();
    sleeps.clear();
  }

  /** Neither the texts nor the objects' toString show the token. */
  static void assertNoToken(Object... things) {
    for (var thing : things) {
      assertThat(String.valueOf(thing)).doesNotContain(TOKEN);
      if (thing instanceof Throwable t) {
        for (var c = t; c != null; c = c.getCause()) {
          assertThat(String.valueOf(c.getMessage())).doesNotContain(TOKEN);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}

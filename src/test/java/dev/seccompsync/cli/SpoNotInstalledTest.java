package dev.seccompsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.seccompsync.testing.GitRepos;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster without SPO gets one clear error and no writes (shared case C22, variant A). The
 * cluster is a stand-in: an HTTP server on 127.0.0.1 that answers every request with a Kubernetes
 * 404 Status, which is what an API server without the SPO CRDs answers for them. It serves nothing
 * else, so it cannot stand in for anything that needs a real server.
 */
class SpoNotInstalledTest {

  @TempDir Path directory;

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          var body =
              ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                      + "\"reason\":\"NotFound\",\"code\":404}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopStandIn() {
    server.stop(0);
  }

  @Test
  void missingCrdsAreOneErrorAndNothingIsSent() throws IOException {
    var url = "http://127.0.0.1:" + server.getAddress().getPort();
    var kubeconfig = directory.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "%s"}}]
        users: [{name: u, user: {token: not-a-secret-but-never-printed}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        current-context: c
        """
            .formatted(url));
    try (var repo = GitRepos.init(directory.resolve("repo"))) {
      repo.commit(
          "web",
          Map.of(
              "team-a/web.yaml",
              """
              apiVersion: security-profiles-operator.x-k8s.io/v1
              kind: SeccompProfile
              metadata: {name: web}
              spec: {defaultAction: SCMP_ACT_ERRNO}
              ---
              apiVersion: security-profiles-operator.x-k8s.io/v1
              kind: ProfileBinding
              metadata: {name: web, namespace: team-a}
              spec: {profileRef: {kind: SeccompProfile, name: web}, image: web:1}
              """));

      var run =
          CliRun.of(
              "apply", "--repo", repo.root().toString(), "--kubeconfig", kubeconfig.toString());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              ("error: cluster %s/: kinds SeccompProfile, ProfileBinding of"
                   + " security-profiles-operator.x-k8s.io are not served (no established CRD); is"
                   + " the Security Profiles Operator installed? Nothing was compared or applied\n")
                  .formatted(url));
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).doesNotContain("not-a-secret-but-never-printed");
      assertThat(requests)
          .isNotEmpty()
          .allMatch(
              r -> r.startsWith("GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/"));
    }
  }
}

package dev.seccompsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading kubeconfigs strictly: no silent fallback to another context or another cluster. */
class KubeClientsTest {

  @TempDir Path directory;

  @Test
  void usesTheNamedContext() throws IOException {
    var file = kubeconfig();

    var config =
        KubeClients.config(new KubeOptions(file.toString(), "second", null, null), Map.of());

    assertThat(config.getMasterUrl()).isEqualTo("https://127.0.0.1:6002/");
    assertThat(config.getNamespace()).isEqualTo("team-b");
  }

  @Test
  void refusesAContextThatDoesNotExist() throws IOException {
    var file = kubeconfig();

    assertThatThrownBy(
            () ->
                KubeClients.config(
                    new KubeOptions(file.toString(), "secnod", null, null), Map.of()))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "kubeconfig %s: context secnod not found (contexts: first, second); check --context"
                .formatted(file));
  }

  @Test
  void refusesAKubeconfigVariableNamingNoFile() {
    var missing = directory.resolve("nope").toString();

    assertThatThrownBy(
            () -> KubeClients.config(KubeOptions.defaults(), Map.of("KUBECONFIG", missing)))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "KUBECONFIG names %s, and no such file exists; fix KUBECONFIG or pass --kubeconfig"
                .formatted(missing));
  }

  @Test
  void takesTheFirstExistingFileOfTheKubeconfigVariable() throws IOException {
    var file = kubeconfig();
    var variable = directory.resolve("missing") + java.io.File.pathSeparator + file;

    var config = KubeClients.config(KubeOptions.defaults(), Map.of("KUBECONFIG", variable));

    assertThat(config.getMasterUrl()).isEqualTo("https://127.0.0.1:6001/");
  }

  @Test
  void namespaceFlagWinsOverTheContext() throws IOException {
    var file = kubeconfig();

    var config =
        KubeClients.config(new KubeOptions(file.toString(), null, "shop", "someone"), Map.of());

    assertThat(config.getNamespace()).isEqualTo("shop");
    assertThat(config.getImpersonateUsername()).isEqualTo("someone");
  }

  private Path kubeconfig() throws IOException {
    var file = directory.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - {name: one, cluster: {server: "https://127.0.0.1:6001"}}
          - {name: two, cluster: {server: "https://127.0.0.1:6002"}}
        users: [{name: u, user: {token: t}}]
        contexts:
          - {name: first, context: {cluster: one, user: u}}
          - {name: second, context: {cluster: two, user: u, namespace: team-b}}
        current-context: first
        """);
    return file;
  }
}

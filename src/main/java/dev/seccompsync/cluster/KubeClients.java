package dev.seccompsync.cluster;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds fabric8 clients the way kubectl reads its configuration, but stricter where kubectl's
 * leniency would send requests to the wrong cluster: a context that does not exist, or a kubeconfig
 * that cannot be found, is an error, never a silent fallback.
 */
public final class KubeClients {
  private KubeClients() {}

  /**
   * Connects to the cluster the options name, counting requests in {@code requests}.
   *
   * @throws ClusterException when the kubeconfig or the context cannot be used
   */
  public static KubernetesClient connect(KubeOptions options, RequestLog requests) {
    var config = config(options, System.getenv());
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("request-log", requests))
        .build();
  }

  static Config config(KubeOptions options, Map<String, String> environment) {
    var file = kubeconfigFile(options, environment);
    Config config;
    if (file != null) {
      config = fromFile(file, options.context());
    } else if (environment.containsKey("KUBERNETES_SERVICE_HOST")) {
      config = Config.autoConfigure(options.context());
    } else {
      throw new ClusterException(
          "no kubeconfig: ~/.kube/config does not exist and KUBECONFIG is not set; pass"
              + " --kubeconfig FILE");
    }
    requireContext(config, options.context(), file);
    if (options.namespace() != null) {
      config.setNamespace(options.namespace());
    }
    if (options.impersonate() != null) {
      config.setImpersonateUsername(options.impersonate());
    }
    if (config.getNamespace() == null) {
      config.setNamespace("default");
    }
    // Over HTTP/2 the JDK client loses a 401's status when the server closes the stream.
    config.setHttp2Disable(true);
    config.setRequestRetryBackoffLimit(2);
    return config;
  }

  /** {@code --kubeconfig}, else the first existing file of {@code KUBECONFIG}, else the default. */
  private static Path kubeconfigFile(KubeOptions options, Map<String, String> environment) {
    if (options.kubeconfig() != null) {
      return Path.of(options.kubeconfig());
    }
    var variable = environment.get("KUBECONFIG");
    if (variable != null && !variable.isBlank()) {
      for (var entry : variable.split(java.io.File.pathSeparator)) {
        if (!entry.isBlank() && Files.isRegularFile(Path.of(entry))) {
          return Path.of(entry);
        }
      }
      throw new ClusterException(
          "KUBECONFIG names %s, and no such file exists; fix KUBECONFIG or pass --kubeconfig"
              .formatted(variable));
    }
    var home = Path.of(System.getProperty("user.home"), ".kube", "config");
    return Files.isRegularFile(home) ? home : null;
  }

  private static Config fromFile(Path path, String context) {
    try {
      Files.readAllBytes(path); // an unreadable file is named here, not deep inside fabric8
      return Config.fromKubeconfig(context, path.toFile());
    } catch (IOException e) {
      throw new ClusterException(
          "kubeconfig %s: cannot read it (%s); check --kubeconfig"
              .formatted(path, e.getClass().getSimpleName()),
          e);
    } catch (RuntimeException e) {
      throw new ClusterException(
          "kubeconfig %s: cannot use it; check that it is a valid kubeconfig".formatted(path), e);
    }
  }

  private static void requireContext(Config config, String context, Path file) {
    if (context == null) {
      return;
    }
    var current = config.getCurrentContext();
    if (current == null || !context.equals(current.getName())) {
      var known =
          config.getContexts() == null
              ? ""
              : config.getContexts().stream()
                  .map(NamedContext::getName)
                  .collect(Collectors.joining(", "));
      throw new ClusterException(
          "kubeconfig %s: context %s not found (contexts: %s); check --context"
              .formatted(file == null ? "(in-cluster)" : file, context, known));
    }
  }
}

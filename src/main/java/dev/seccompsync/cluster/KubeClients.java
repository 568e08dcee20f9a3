package dev.seccompsync.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds fabric8 clients the way kubectl reads its configuration. */
public final class KubeClients {
  private KubeClients() {}

  /**
   * Connects to the cluster the options name, counting requests in {@code requests}.
   *
   * @throws ClusterException when the kubeconfig cannot be read
   */
  public static KubernetesClient connect(KubeOptions options, RequestLog requests) {
    var config = config(options);
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("request-log", requests))
        .build();
  }

  static Config config(KubeOptions options) {
    Config config;
    if (options.kubeconfig() != null) {
      var path = Path.of(options.kubeconfig());
      try {
        config = Config.fromKubeconfig(options.context(), Files.readString(path), path.toString());
      } catch (IOException e) {
        throw new ClusterException(
            "kubeconfig %s: cannot read it (%s); check --kubeconfig"
                .formatted(path, e.getClass().getSimpleName()),
            e);
      } catch (RuntimeException e) {
        throw new ClusterException(
            "kubeconfig %s: cannot use it%s; check the file and --context"
                .formatted(
                    path, options.context() == null ? "" : " with context " + options.context()),
            e);
      }
    } else {
      config = Config.autoConfigure(options.context());
    }
    if (options.namespace() != null) {
      config.setNamespace(options.namespace());
    }
    if (options.impersonate() != null) {
      config.setImpersonateUsername(options.impersonate());
    }
    if (config.getNamespace() == null) {
      config.setNamespace("default");
    }
    config.setRequestRetryBackoffLimit(2);
    return config;
  }
}

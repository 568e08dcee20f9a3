package dev.seccompsync.cli;

import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.sync.Source;
import dev.seccompsync.sync.SourceLoader;
import dev.seccompsync.sync.SyncEngine;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Reads Git first and only then connects to the cluster, so that a bad repository or revision is
 * reported without a network round trip.
 */
final class SyncRunner {

  private final SourceSpec spec;
  private final LoadOptions loadOptions;
  private final KubeOptions kubeOptions;
  private String contextName;

  SyncRunner(SourceSpec spec, LoadOptions loadOptions, KubeOptions kubeOptions) {
    this.spec = spec;
    this.loadOptions = loadOptions;
    this.kubeOptions = kubeOptions;
  }

  RunResult run(BiFunction<SyncEngine, Source, RunResult> operation) {
    var source = new SourceLoader(gitSource(), loadOptions).load(spec);
    var requests = new RequestLog();
    try (var client = KubeClients.connect(kubeOptions, requests)) {
      var current = client.getConfiguration().getCurrentContext();
      contextName = current == null ? kubeOptions.context() : current.getName();
      return operation.apply(new SyncEngine(client, requests), source);
    }
  }

  /** The kubeconfig context the last run used; {@code null} before a run or when in-cluster. */
  String contextName() {
    return contextName;
  }

  static GitSource gitSource() {
    return new GitSource(cacheDirectory().resolve("repos"), gitCredentials());
  }

  /** {@code GIT_TOKEN} (with {@code GIT_USERNAME}, default x-access-token), or {@code null}. */
  static UsernamePasswordCredentialsProvider gitCredentials() {
    var token = System.getenv("GIT_TOKEN");
    var user = System.getenv().getOrDefault("GIT_USERNAME", "x-access-token");
    return token == null || token.isEmpty()
        ? null
        : new UsernamePasswordCredentialsProvider(user, token);
  }

  static Path cacheDirectory() {
    var xdg = System.getenv("XDG_CACHE_HOME");
    var base =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("seccomp-sync");
  }
}

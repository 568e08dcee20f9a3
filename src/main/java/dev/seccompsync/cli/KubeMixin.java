package dev.seccompsync.cli;

import dev.seccompsync.cluster.KubeOptions;
import picocli.CommandLine.Option;

/** kubectl's connection flags. */
final class KubeMixin {

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
  String kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context to use.")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace for namespaced objects that name none (default: the context's).")
  String namespace;

  @Option(names = "--as", paramLabel = "USER", description = "User to impersonate.")
  String impersonate;

  KubeOptions options() {
    return new KubeOptions(kubeconfig, context, namespace, impersonate);
  }
}

package dev.seccompsync.cluster;

/**
 * How to reach a cluster, with kubectl's meaning for each field.
 *
 * @param kubeconfig the kubeconfig file, or {@code null} for {@code KUBECONFIG} or the default
 * @param context the kubeconfig context, or {@code null} for the current one
 * @param namespace the namespace for namespaced objects that name none, or {@code null} for the
 *     context's
 * @param impersonate the user to act as ({@code --as}), or {@code null}
 */
public record KubeOptions(String kubeconfig, String context, String namespace, String impersonate) {

  public static KubeOptions defaults() {
    return new KubeOptions(null, null, null, null);
  }
}

package dev.seccompsync.sync;

import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.diff.LiveState;
import dev.seccompsync.manifest.Problem;
import dev.seccompsync.manifest.SpoKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the engine sees the cluster's state: read fresh for each command run ({@link Listing}), or
 * from a watch cache in the reconciler, so that a pass there costs no LIST.
 */
public interface ClusterView {

  /** The SPO kinds the cluster serves. */
  SpoCatalog catalog();

  /**
   * The live objects of the kinds Git uses, at each version it uses, and with {@code everyKind} of
   * every other served kind too (a LIST of those that is forbidden becomes a warning in {@code
   * problems}).
   */
  LiveState live(
      SpoCatalog catalog,
      Map<SpoKind, Set<String>> versionsInUse,
      boolean everyKind,
      List<Problem> problems);

  /** Every namespace's labels, or {@code null} when namespaces may not be listed. */
  Map<String, Map<String, String>> namespaceLabels();

  /** Reads everything fresh from the API server: a GET per CRD and paged LISTs. */
  final class Listing implements ClusterView {
    private final io.fabric8.kubernetes.client.KubernetesClient client;

    public Listing(io.fabric8.kubernetes.client.KubernetesClient client) {
      this.client = client;
    }

    @Override
    public SpoCatalog catalog() {
      return new dev.seccompsync.cluster.CatalogReader(client).read();
    }

    @Override
    public LiveState live(
        SpoCatalog catalog,
        Map<SpoKind, Set<String>> versionsInUse,
        boolean everyKind,
        List<Problem> problems) {
      return LiveState.read(
          new dev.seccompsync.cluster.LiveReader(client),
          catalog,
          versionsInUse,
          everyKind,
          problems);
    }

    @Override
    public Map<String, Map<String, String>> namespaceLabels() {
      return new NamespaceLabels(client).read();
    }
  }
}

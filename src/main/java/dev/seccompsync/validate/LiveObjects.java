package dev.seccompsync.validate;

import dev.seccompsync.manifest.SpoKind;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What the cluster has, when {@code validate} runs with a kubeconfig; nothing offline. */
public interface LiveObjects {

  /** Whether a cluster was read at all. */
  boolean available();

  boolean exists(SpoKind kind, String namespace, String name);

  /** The names of a kind's objects in a namespace ({@code null} for cluster-scoped). */
  Collection<String> names(SpoKind kind, String namespace);

  /** A namespace's labels, or {@code null} when they are not known. */
  Map<String, String> namespaceLabels(String namespace);

  /** Whether the cluster's namespaces were read, so that a missing one can be told. */
  default boolean namespacesKnown() {
    return false;
  }

  /** No cluster. */
  LiveObjects NONE =
      new LiveObjects() {
        @Override
        public boolean available() {
          return false;
        }

        @Override
        public boolean exists(SpoKind kind, String namespace, String name) {
          return false;
        }

        @Override
        public Collection<String> names(SpoKind kind, String namespace) {
          return List.of();
        }

        @Override
        public Map<String, String> namespaceLabels(String namespace) {
          return null;
        }
      };
}

package dev.seccompsync.manifest;

import java.util.Comparator;

/**
 * The identity of one object in a cluster: {@code Kind/name} for cluster-scoped objects and {@code
 * Kind/namespace/name} for namespaced ones.
 *
 * @param kind the SPO kind
 * @param namespace the namespace, or {@code null} for a cluster-scoped object
 * @param name the object's name
 */
public record ObjectId(SpoKind kind, String namespace, String name)
    implements Comparable<ObjectId> {

  private static final Comparator<ObjectId> ORDER =
      Comparator.comparing(ObjectId::kind)
          .thenComparing(id -> id.namespace == null ? "" : id.namespace)
          .thenComparing(ObjectId::name);

  /** Creates the identity of a cluster-scoped object. */
  public static ObjectId clusterScoped(SpoKind kind, String name) {
    return new ObjectId(kind, null, name);
  }

  public boolean isNamespaced() {
    return namespace != null;
  }

  @Override
  public int compareTo(ObjectId other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return namespace == null
        ? kind.kind() + "/" + name
        : kind.kind() + "/" + namespace + "/" + name;
  }
}

package dev.seccompsync.reconcile;

import dev.seccompsync.cluster.AccessDeniedException;
import dev.seccompsync.cluster.CatalogReader;
import dev.seccompsync.cluster.ClusterException;
import dev.seccompsync.cluster.KindInfo;
import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.diff.LiveState;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.Problem;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.sync.ClusterView;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reconciler's view of the cluster: one informer (a LIST, then a WATCH) per SPO kind and
 * version it needs, and one for namespaces, so that a pass reads memory, not the API server. The
 * catalog is read once and again only after {@link #invalidate()}. Every change the watches see
 * calls the listener, which schedules a pass.
 */
final class WatchCache implements ClusterView, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchCache.class);

  private final KubernetesClient client;
  private final Runnable onChange;
  private final Duration syncTimeout;
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers =
      new ConcurrentHashMap<>();
  private final Map<String, Converted> converted = new ConcurrentHashMap<>();
  private volatile SpoCatalog catalog;
  private volatile SharedIndexInformer<Namespace> namespaces;
  private volatile boolean namespacesForbidden;

  /**
   * @param onChange called from the informers' threads on every add, update and delete
   * @param syncTimeout how long a pass waits for a new informer's first LIST
   */
  WatchCache(KubernetesClient client, Runnable onChange, Duration syncTimeout) {
    this.client = client;
    this.onChange = onChange;
    this.syncTimeout = syncTimeout;
  }

  @Override
  public SpoCatalog catalog() {
    var current = catalog;
    if (current == null) {
      current = new CatalogReader(client).read();
      catalog = current;
    }
    return current;
  }

  /** Forgets the catalog, so that the next pass reads the CRDs again (after an error). */
  void invalidate() {
    catalog = null;
  }

  @Override
  public LiveState live(
      SpoCatalog catalog,
      Map<SpoKind, Set<String>> versionsInUse,
      boolean everyKind,
      List<Problem> problems) {
    var objects = new LinkedHashMap<SpoKind, Map<String, Map<ObjectId, ObjectNode>>>();
    for (KindInfo info : catalog.kinds().values()) {
      if (!everyKind && !versionsInUse.containsKey(info.kind())) {
        continue;
      }
      var versions = new TreeSet<>(versionsInUse.getOrDefault(info.kind(), Set.of()));
      versions.add(info.storageVersion());
      var byVersion = new HashMap<String, Map<ObjectId, ObjectNode>>();
      try {
        for (var version : versions) {
          if (info.serves(version)) {
            byVersion.put(version, snapshot(info, informer(info, version)));
          }
        }
      } catch (AccessDeniedException e) {
        if (versionsInUse.containsKey(info.kind())) {
          throw e;
        }
        problems.add(
            Problem.warning(
                dev.seccompsync.manifest.Origin.file("(cluster)"),
                e.getMessage() + "; until then its objects outside Git are not reported"));
        continue;
      }
      objects.put(info.kind(), byVersion);
    }
    return LiveState.of(catalog, objects);
  }

  @Override
  public Map<String, Map<String, String>> namespaceLabels() {
    if (namespacesForbidden) {
      return null;
    }
    var informer = namespaces;
    if (informer == null) {
      try {
        informer = client.namespaces().inform(handler(), 0);
        await(informer, "namespaces");
        namespaces = informer;
      } catch (ClusterException | io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (informer != null) {
          informer.stop();
        }
        log.warn("cannot watch namespaces ({}); inert-binding checks are left out", e.getMessage());
        namespacesForbidden = true;
        return null;
      }
    }
    var labels = new HashMap<String, Map<String, String>>();
    for (var ns : informer.getStore().list()) {
      var map = ns.getMetadata().getLabels();
      labels.put(ns.getMetadata().getName(), map == null ? Map.of() : map);
    }
    return labels;
  }

  /** The uid of a cached object at its kind's storage version, or {@code null}. */
  String uid(ObjectId id) {
    var current = catalog;
    var info = current == null ? null : current.find(id.kind()).orElse(null);
    if (info == null) {
      return null;
    }
    var informer = informers.get(info.kind().plural() + "/" + info.storageVersion());
    if (informer == null) {
      return null;
    }
    var key = id.namespace() == null ? id.name() : id.namespace() + "/" + id.name();
    var item = informer.getStore().getByKey(key);
    return item == null ? null : item.getMetadata().getUid();
  }

  private SharedIndexInformer<GenericKubernetesResource> informer(KindInfo info, String version) {
    var key = info.kind().plural() + "/" + version;
    var existing = informers.get(key);
    if (existing != null) {
      return existing;
    }
    var context =
        new ResourceDefinitionContext.Builder()
            .withGroup(SpoKind.GROUP)
            .withVersion(version)
            .withPlural(info.kind().plural())
            .withKind(info.kind().kind())
            .withNamespaced(info.namespaced())
            .build();
    var resources = client.genericKubernetesResources(context);
    var informer =
        info.namespaced()
            ? resources.inAnyNamespace().withLimit(500L).inform(handler(), 0)
            : resources.withLimit(500L).inform(handler(), 0);
    try {
      await(informer, info.kind().plural() + " at " + version);
    } catch (RuntimeException e) {
      informer.stop();
      throw e;
    }
    informers.put(key, informer);
    log.debug("watching {}", key);
    return informer;
  }

  private void await(SharedIndexInformer<?> informer, String what) {
    try {
      informer.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while listing " + what, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      var cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof io.fabric8.kubernetes.client.KubernetesClientException k
          && k.getCode() == 403) {
        throw new AccessDeniedException(
            "cluster %s: cannot list and watch %s (HTTP 403); grant list and watch on it"
                .formatted(client.getMasterUrl(), what),
            k);
      }
      throw new ClusterException(
          "cluster %s: cannot list and watch %s (%s); retrying"
              .formatted(client.getMasterUrl(), what, oneLine(cause)),
          cause);
    }
  }

  private Map<ObjectId, ObjectNode> snapshot(
      KindInfo info, SharedIndexInformer<GenericKubernetesResource> informer) {
    if (!informer.isWatching()) {
      throw new ClusterException(
          "cluster %s: the watch on %s is down, so the cache may be stale; retrying"
              .formatted(client.getMasterUrl(), info.kind().plural()));
    }
    var map = new LinkedHashMap<ObjectId, ObjectNode>();
    for (var item : informer.getStore().list()) {
      var node = toTree(item);
      var metadata = item.getMetadata();
      map.put(
          new ObjectId(
              info.kind(), info.namespaced() ? metadata.getNamespace() : null, metadata.getName()),
          node);
    }
    return map;
  }

  /** Converts once per resourceVersion: a pass over thousands of unchanged objects is cheap. */
  private ObjectNode toTree(GenericKubernetesResource item) {
    var metadata = item.getMetadata();
    var key = item.getApiVersion() + "|" + metadata.getUid();
    var cached = converted.get(key);
    if (cached != null && cached.resourceVersion().equals(metadata.getResourceVersion())) {
      return cached.node();
    }
    var node = client.getKubernetesSerialization().convertValue(item, ObjectNode.class);
    converted.put(key, new Converted(metadata.getResourceVersion(), node));
    return node;
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        onChange.run();
      }

      @Override
      public void onUpdate(T before, T after) {
        if (!java.util.Objects.equals(
            before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
          onChange.run();
        }
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        converted.remove(object.getApiVersion() + "|" + object.getMetadata().getUid());
        onChange.run();
      }
    };
  }

  private static String oneLine(Throwable e) {
    var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }

  @Override
  public void close() {
    informers.values().forEach(SharedIndexInformer::stop);
    informers.clear();
    if (namespaces != null) {
      namespaces.stop();
    }
  }

  private record Converted(String resourceVersion, ObjectNode node) {}
}

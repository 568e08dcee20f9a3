package dev.seccompsync.cli;

import dev.seccompsync.cluster.BundledCatalog;
import dev.seccompsync.cluster.CatalogReader;
import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.LiveReader;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.LiveState;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.sync.ClusterView;
import dev.seccompsync.sync.Source;
import dev.seccompsync.sync.SourceLoader;
import dev.seccompsync.validate.LiveObjects;
import dev.seccompsync.validate.OperatorPolicy;
import dev.seccompsync.validate.ValidationResult;
import dev.seccompsync.validate.Validator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/** Reads the repository, and the cluster when asked, and runs the validator. */
final class ValidateRunner {

  private final SourceSpec spec;
  private final LoadOptions loadOptions;
  private final KubeOptions kube;

  /**
   * @param kube the cluster to check against as well, or {@code null} for offline
   */
  ValidateRunner(SourceSpec spec, LoadOptions loadOptions, KubeOptions kube) {
    this.spec = spec;
    this.loadOptions = loadOptions;
    this.kube = kube;
  }

  ValidationResult run(SpoGeneration generation) {
    var source = new SourceLoader(SyncRunner.gitSource(), loadOptions).load(spec);
    if (kube == null) {
      var guess = Validator.guess(source.manifests());
      var target = generation != null ? generation : guess.generation();
      var reason = generation != null ? "from --generation" : "guessed: " + guess.reason();
      return new Validator(BundledCatalog.of(target), LiveObjects.NONE, List.of())
          .validate(source.snapshot(), source.manifests(), source.problems(), reason);
    }
    try (var client = KubeClients.connect(kube, new RequestLog())) {
      return online(client, source, generation);
    }
  }

  private static ValidationResult online(
      KubernetesClient client, Source source, SpoGeneration generation) {
    var clusterCatalog = new CatalogReader(client).read();
    clusterCatalog.requireServed(List.of());
    SpoCatalog catalog = clusterCatalog;
    var reason = "the cluster's (" + clusterCatalog.server() + ")";
    if (generation != null && generation != clusterCatalog.generation()) {
      catalog = BundledCatalog.of(generation);
      reason = "from --generation; the cluster runs " + clusterCatalog.generation();
    }
    var problems = new ArrayList<>(source.problems());
    var live = LiveState.read(new LiveReader(client), clusterCatalog, Map.of(), true, problems);
    var namespaces = new ClusterView.Listing(client).namespaceLabels();
    var objects = new ClusterObjects(live, clusterCatalog, namespaces);
    return new Validator(catalog, objects, daemonPolicies(client))
        .validate(source.snapshot(), source.manifests(), problems, reason);
  }

  /** The operator's daemon configurations; none when they cannot be read. */
  private static List<OperatorPolicy> daemonPolicies(KubernetesClient client) {
    var context =
        new ResourceDefinitionContext.Builder()
            .withGroup(SpoKind.GROUP)
            .withVersion("v1alpha1")
            .withPlural("securityprofilesoperatordaemons")
            .withKind("SecurityProfilesOperatorDaemon")
            .withNamespaced(true)
            .build();
    try {
      var policies = new ArrayList<OperatorPolicy>();
      for (var item :
          client.genericKubernetesResources(context).inAnyNamespace().list().getItems()) {
        var tree = client.getKubernetesSerialization().convertValue(item, ObjectNode.class);
        var source =
            "spod %s/%s".formatted(item.getMetadata().getNamespace(), item.getMetadata().getName());
        var policy = OperatorPolicy.of(source, tree);
        if (policy != null) {
          policies.add(policy);
        }
      }
      return policies;
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  /** The cluster's objects as the validator asks about them. */
  private record ClusterObjects(
      LiveState live, SpoCatalog catalog, Map<String, Map<String, String>> namespaces)
      implements LiveObjects {

    @Override
    public boolean available() {
      return true;
    }

    @Override
    public boolean exists(SpoKind kind, String namespace, String name) {
      return names(kind, namespace).contains(name);
    }

    @Override
    public Collection<String> names(SpoKind kind, String namespace) {
      var namespaced = catalog.find(kind).map(k -> k.namespaced()).orElse(false);
      var names = new java.util.TreeSet<String>();
      for (var object : live.all(kind)) {
        var metadata = object.path("metadata");
        if (!namespaced || Objects.equals(metadata.path("namespace").asString(), namespace)) {
          names.add(metadata.path("name").asString());
        }
      }
      return names;
    }

    @Override
    public boolean namespacesKnown() {
      return namespaces != null;
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
      return namespaces == null || namespace == null ? null : namespaces.get(namespace);
    }
  }
}

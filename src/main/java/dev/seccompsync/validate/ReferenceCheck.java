package dev.seccompsync.validate;

import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.validate.Finding.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * References between objects: base profiles (missing, in another namespace, external, in a cycle,
 * deeper than the operator follows), bindings to missing or disabled profiles, and cluster-scoped
 * names defined twice in different namespaces of the repository.
 */
final class ReferenceCheck {

  /** How many bases the operator follows before it gives up. */
  static final int MAX_DEPTH = 15;

  private final SpoCatalog catalog;
  private final LiveObjects live;
  private final Findings findings;
  private final Map<SpoKind, Map<Key, Manifest>> git = new HashMap<>();

  ReferenceCheck(SpoCatalog catalog, LiveObjects live, Findings findings) {
    this.catalog = catalog;
    this.live = live;
    this.findings = findings;
  }

  void check(List<Manifest> manifests) {
    duplicates(manifests);
    for (var manifest : manifests) {
      git.computeIfAbsent(manifest.kind(), k -> new HashMap<>())
          .putIfAbsent(key(manifest.kind(), manifest.namespace(), manifest.name()), manifest);
    }
    for (var manifest : manifests) {
      if (manifest.kind() == SpoKind.SECCOMP_PROFILE && manifest.baseProfileName() != null) {
        base(manifest);
      }
      if (manifest.kind() == SpoKind.PROFILE_BINDING) {
        binding(manifest);
      }
      if (namespaced(manifest.kind())
          && manifest.namespace() != null
          && live.namespacesKnown()
          && live.namespaceLabels(manifest.namespace()) == null) {
        findings.add(
            Severity.WARNING,
            "namespace-missing",
            manifest,
            "/metadata/namespace",
            "namespace %s does not exist in the cluster; applying this object fails"
                .formatted(manifest.namespace()),
            "create the namespace first");
      } else if (manifest.kind() == SpoKind.PROFILE_BINDING
          || manifest.kind() == SpoKind.PROFILE_RECORDING) {
        namespaceEnabled(manifest);
      }
    }
  }

  private void base(Manifest profile) {
    var base = profile.baseProfileName();
    var pointer = "/spec/baseProfileName";
    if (base.startsWith("oci://")) {
      findings.add(
          Severity.NOTE,
          "base-external",
          profile,
          pointer,
          "base profile %s is an OCI artifact; it is not verified offline".formatted(base),
          null);
      return;
    }
    var key = key(SpoKind.SECCOMP_PROFILE, profile.namespace(), base);
    if (gitObject(SpoKind.SECCOMP_PROFILE, key) != null) {
      chain(profile);
      return;
    }
    if (live.exists(SpoKind.SECCOMP_PROFILE, key.namespace(), base)) {
      findings.add(
          Severity.NOTE,
          "unmanaged-dependency",
          profile,
          pointer,
          "depends on unmanaged object SeccompProfile/%s (in the cluster, not in Git)"
              .formatted(qualified(key)),
          "add it to Git so that it is managed with its dependents");
      return;
    }
    var elsewhere = otherNamespace(SpoKind.SECCOMP_PROFILE, key);
    if (elsewhere != null) {
      findings.add(
          Severity.ERROR,
          "base-other-namespace",
          profile,
          pointer,
          "base profile %s is in namespace %s; in this generation a base must be in the"
                  .formatted(base, elsewhere)
              + " profile's own namespace "
              + profile.namespace(),
          "move one of them");
      return;
    }
    findings.add(
        Severity.ERROR,
        "base-missing",
        profile,
        pointer,
        "baseProfileName %s names no SeccompProfile in the repository%s"
            .formatted(base, live.available() ? " or the cluster" : ""),
        suggestion(SpoKind.SECCOMP_PROFILE, key, base));
  }

  /** Follows the bases from a profile: a cycle or a chain deeper than the operator allows. */
  private void chain(Manifest profile) {
    var seen = new LinkedHashSet<String>();
    seen.add(profile.name());
    var current = profile;
    int depth = 0;
    while (current.baseProfileName() != null && !current.baseProfileName().startsWith("oci://")) {
      var next =
          gitObject(
              SpoKind.SECCOMP_PROFILE,
              key(SpoKind.SECCOMP_PROFILE, current.namespace(), current.baseProfileName()));
      if (next == null) {
        return;
      }
      depth++;
      if (!seen.add(next.name())) {
        findings.add(
            Severity.ERROR,
            "base-cycle",
            profile,
            "/spec/baseProfileName",
            "baseProfileName cycle %s -> %s; the operator cannot resolve it"
                .formatted(String.join(" -> ", seen), next.name()),
            "break the cycle");
        return;
      }
      if (depth > MAX_DEPTH) {
        findings.add(
            Severity.ERROR,
            "base-depth",
            profile,
            "/spec/baseProfileName",
            "the chain of base profiles is deeper than %d, the most the operator follows"
                .formatted(MAX_DEPTH),
            "flatten the chain");
        return;
      }
      current = next;
    }
  }

  private void binding(Manifest binding) {
    var ref = binding.body().path("spec").path("profileRef");
    var kind = SpoKind.fromKind(ref.path("kind").asString("")).orElse(null);
    var name = ref.path("name").asString("");
    if (kind == null || name.isEmpty()) {
      return; // the schema check reports it
    }
    var key = key(kind, binding.namespace(), name);
    var target = gitObject(kind, key);
    var pointer = "/spec/profileRef/name";
    if (target != null) {
      if (disabled(target)) {
        findings.add(
            Severity.WARNING,
            "binding-disabled-profile",
            binding,
            pointer,
            "binds %s/%s, which is disabled; pods get no profile".formatted(kind.kind(), name),
            "enable the profile or remove the binding");
      }
      return;
    }
    if (live.exists(kind, key.namespace(), name)) {
      findings.add(
          Severity.NOTE,
          "unmanaged-dependency",
          binding,
          pointer,
          "depends on unmanaged object %s/%s (in the cluster, not in Git)"
              .formatted(kind.kind(), qualified(key)),
          "add it to Git so that it is managed with the binding");
      return;
    }
    findings.add(
        Severity.ERROR,
        "binding-missing-profile",
        binding,
        pointer,
        ("profileRef names %s %s, which is neither in the repository nor%s; SPO skips the"
                + " binding and pods run without the profile")
            .formatted(
                kind.kind(),
                qualified(key),
                live.available() ? " in the cluster" : " known offline (pass --kubeconfig)"),
        suggestion(kind, key, name));
  }

  private void namespaceEnabled(Manifest manifest) {
    var labels = live.namespaceLabels(manifest.namespace());
    if (labels == null) {
      return;
    }
    var label =
        manifest.kind() == SpoKind.PROFILE_BINDING
            ? "spo.x-k8s.io/enable-binding"
            : "spo.x-k8s.io/enable-recording";
    if (!labels.containsKey(label)) {
      findings.add(
          Severity.WARNING,
          "namespace-not-enabled",
          manifest,
          "/metadata/namespace",
          "namespace %s has no %s label, so SPO ignores this %s"
              .formatted(manifest.namespace(), label, manifest.kind().kind()),
          "kubectl label namespace %s %s=true".formatted(manifest.namespace(), label));
    }
  }

  /** Cluster-scoped names defined in two namespaces of the repository are one object. */
  private void duplicates(List<Manifest> manifests) {
    var first = new HashMap<String, Manifest>();
    for (var manifest : manifests) {
      if (namespaced(manifest.kind()) || manifest.namespace() == null) {
        continue;
      }
      var key = manifest.kind() + "/" + manifest.name();
      var earlier = first.putIfAbsent(key, manifest);
      if (earlier != null && !Objects.equals(earlier.namespace(), manifest.namespace())) {
        findings.add(
            Severity.ERROR,
            "duplicate-cluster-name",
            manifest,
            "/metadata/name",
            ("%s %s is also defined in namespace %s (%s); %s is cluster-scoped in this generation,"
                    + " so both are one object")
                .formatted(
                    manifest.kind().kind(),
                    manifest.name(),
                    earlier.namespace(),
                    earlier.origin(),
                    manifest.kind().kind()),
            "rename one; seccomp-sync migrate renames on such collisions");
      }
    }
  }

  private String suggestion(SpoKind kind, Key key, String name) {
    var candidates = new ArrayList<String>();
    git.getOrDefault(kind, Map.of()).keySet().stream()
        .filter(k -> Objects.equals(k.namespace(), key.namespace()))
        .forEach(k -> candidates.add(k.name()));
    candidates.addAll(live.names(kind, key.namespace()));
    return Closest.to(name, candidates)
        .map(c -> "did you mean " + c + "?")
        .orElse("create it or fix the name");
  }

  private String otherNamespace(SpoKind kind, Key key) {
    if (key.namespace() == null) {
      return null;
    }
    return git.getOrDefault(kind, Map.of()).keySet().stream()
        .filter(k -> k.name().equals(key.name()) && !Objects.equals(k.namespace(), key.namespace()))
        .map(Key::namespace)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private Manifest gitObject(SpoKind kind, Key key) {
    return git.getOrDefault(kind, Map.of()).get(key);
  }

  private boolean namespaced(SpoKind kind) {
    return catalog.find(kind).map(k -> k.namespaced()).orElse(true);
  }

  private Key key(SpoKind kind, String namespace, String name) {
    return new Key(namespaced(kind) ? namespace : null, name);
  }

  static boolean disabled(Manifest profile) {
    var spec = profile.body().path("spec");
    return spec.path("disabled").asBoolean(false)
        || "Disabled".equals(spec.path("state").asString(""));
  }

  private static String qualified(Key key) {
    return key.namespace() == null ? key.name() : key.namespace() + "/" + key.name();
  }

  record Key(String namespace, String name) {}
}

package dev.seccompsync.cluster;

import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.manifest.YamlDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The SPO catalog of a generation without a cluster: the CRDs shipped with seccomp-sync (the same
 * ones its local API server installs), for offline validation.
 */
public final class BundledCatalog {
  private BundledCatalog() {}

  /** The catalog of a generation, read from the CRDs on the classpath. */
  public static SpoCatalog of(SpoGeneration generation) {
    var kinds = new EnumMap<SpoKind, KindInfo>(SpoKind.class);
    var directory =
        "/dev/seccompsync/crds/generation-" + generation.name().toLowerCase(Locale.ROOT);
    for (var kind : SpoKind.values()) {
      var resource = directory + "/" + kind.plural() + ".yaml";
      try (var in = BundledCatalog.class.getResourceAsStream(resource)) {
        if (in == null) {
          continue;
        }
        for (var document : YamlDocuments.parse(in.readAllBytes())) {
          kinds.put(kind, info(kind, document.tree()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the bundled CRD " + resource, e);
      }
    }
    return new SpoCatalog("(bundled generation " + generation + " CRDs)", generation, kinds);
  }

  private static KindInfo info(SpoKind kind, JsonNode crd) {
    var served = new ArrayList<String>();
    var schemas = new LinkedHashMap<String, JsonNode>();
    String storage = null;
    for (var version : crd.path("spec").path("versions")) {
      if (!version.path("served").asBoolean(false)) {
        continue;
      }
      var name = version.path("name").asString();
      if (version.path("storage").asBoolean(false)) {
        storage = name;
        served.add(0, name);
      } else {
        served.add(name);
      }
      schemas.put(name, version.path("schema").path("openAPIV3Schema"));
    }
    var namespaced = "Namespaced".equals(crd.path("spec").path("scope").asString());
    return new KindInfo(
        kind,
        namespaced,
        List.copyOf(served),
        storage == null ? served.get(0) : storage,
        Map.copyOf(schemas));
  }
}

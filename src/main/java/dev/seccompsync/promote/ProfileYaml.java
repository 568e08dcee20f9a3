package dev.seccompsync.promote;

import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes profiles as YAML the way people write them: block style, two-space indents, sorted. */
final class ProfileYaml {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProfileYaml() {}

  /** The object of a proposal as a manifest, in the key order kubectl shows. */
  static ObjectNode manifest(ProposedProfile profile, String apiVersion, boolean namespaced) {
    var object = JSON.createObjectNode();
    object.put("apiVersion", apiVersion);
    object.put("kind", "SeccompProfile");
    var metadata = object.putObject("metadata");
    metadata.put("name", profile.name());
    if (namespaced && profile.recordingNamespace() != null) {
      metadata.put("namespace", profile.recordingNamespace());
    }
    if (!profile.labels().isEmpty()) {
      var labels = metadata.putObject("labels");
      new java.util.TreeMap<>(profile.labels()).forEach(labels::put);
    }
    var annotations = metadata.putObject("annotations");
    new java.util.TreeMap<>(profile.annotations()).forEach(annotations::put);
    object.set("spec", profile.spec());
    return object;
  }

  /** One YAML document, ending with a line break, with the given line ending. */
  static String render(JsonNode object, String eol) {
    var settings =
        DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setIndicatorIndent(2)
            .setIndentWithIndicator(true)
            .setWidth(1000)
            .build();
    var text = new Dump(settings).dumpToString(toJava(object));
    return eol.equals("\n") ? text : text.replace("\n", eol);
  }

  private static Object toJava(JsonNode node) {
    if (node.isObject()) {
      var map = new LinkedHashMap<String, Object>();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        map.put(entry.getKey(), toJava(entry.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      var list = new java.util.ArrayList<Object>();
      node.forEach(item -> list.add(toJava(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNull()) {
      return null;
    }
    return node.asString();
  }
}

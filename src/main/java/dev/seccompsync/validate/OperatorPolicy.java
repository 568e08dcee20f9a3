package dev.seccompsync.validate;

import dev.seccompsync.manifest.YamlDocuments;
import dev.seccompsync.manifest.YamlFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The operator's daemon configuration (SecurityProfilesOperatorDaemon) as far as it limits
 * profiles: {@code allowedSyscalls} and {@code allowedSeccompActions}. The operator deletes
 * profiles that break them, so recreating such a profile in a loop would be wrong.
 *
 * @param source where it was read: a file and line, or the cluster object
 * @param allowedSyscalls the syscalls ALLOW rules may name; empty for no limit
 * @param allowedActions the actions a profile may use; empty for no limit
 */
public record OperatorPolicy(
    String source, Set<String> allowedSyscalls, Set<String> allowedActions) {

  static final String KIND = "SecurityProfilesOperatorDaemon";

  /** The daemon configurations in the repository's files (other documents are ignored). */
  static List<OperatorPolicy> fromFiles(Map<String, byte[]> files) {
    var policies = new ArrayList<OperatorPolicy>();
    files.forEach(
        (path, content) -> {
          if (!path.endsWith(".yaml") && !path.endsWith(".yml") && !path.endsWith(".json")) {
            return;
          }
          try {
            for (var document : YamlDocuments.parse(content)) {
              var tree = document.tree();
              if (KIND.equals(tree.path("kind").asString(""))) {
                var policy = of(path + ":" + document.line(), tree);
                if (policy != null) {
                  policies.add(policy);
                }
              }
            }
          } catch (YamlFormatException e) {
            // the loader reports broken files
          }
        });
    return policies;
  }

  /** A policy from a daemon object, or {@code null} when it sets no limit. */
  public static OperatorPolicy of(String source, JsonNode daemon) {
    // SPO 1.0 moved the limits under spec.security; older releases have them under spec.
    var spec = daemon.path("spec");
    var syscalls = strings(spec.path("allowedSyscalls"));
    syscalls.addAll(strings(spec.path("security").path("allowedSyscalls")));
    var actions = strings(spec.path("allowedSeccompActions"));
    actions.addAll(strings(spec.path("security").path("allowedSeccompActions")));
    return syscalls.isEmpty() && actions.isEmpty()
        ? null
        : new OperatorPolicy(source, syscalls, actions);
  }

  private static Set<String> strings(JsonNode list) {
    var set = new TreeSet<String>();
    list.forEach(v -> set.add(v.asString("")));
    return set;
  }
}

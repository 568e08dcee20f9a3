package dev.seccompsync.report;

import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.DriftCategory;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.manifest.Problem;
import java.util.Locale;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The machine-readable form shared by {@code diff}, {@code apply} and {@code drift}; its shape is
 * documented in the README and is a contract for CI jobs.
 */
public final class JsonReport {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonReport() {}

  public static String render(RunResult result) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(result)) + "\n";
  }

  /** The same report as YAML, for {@code -o yaml}. */
  public static String renderYaml(RunResult result) {
    return dev.seccompsync.diff.TextDiff.yaml(tree(result));
  }

  static ObjectNode tree(RunResult result) {
    var nodes = JsonNodeFactory.instance;
    var root = nodes.objectNode();
    root.put("command", result.command());
    root.put("dryRun", result.dryRun());
    root.put("revision", result.revision());
    root.putObject("cluster").put("server", result.server()).put("generation", result.generation());
    var objects = root.putArray("objects");
    result.objects().forEach(o -> objects.add(object(o)));
    var problems = root.putArray("problems");
    result.problems().forEach(p -> problems.add(problem(p)));
    root.set("summary", summary(result));
    var requests = root.putObject("requests");
    result.requests().forEach(requests::put);
    return root;
  }

  private static ObjectNode object(ObjectResult result) {
    var node = JsonNodeFactory.instance.objectNode();
    node.put("id", result.id().toString());
    node.put("kind", result.id().kind().kind());
    if (result.id().namespace() != null) {
      node.put("namespace", result.id().namespace());
    }
    node.put("name", result.id().name());
    if (result.category() != null) {
      node.put("category", result.category().wireName());
    }
    if (result.action() != null
        && (result.category() == null || result.action() == Action.FAILED)) {
      node.put("action", result.action().wireName());
    }
    if (result.source() != null) {
      node.put("source", result.source());
    }
    if (result.patch() != null) {
      node.set("patch", result.patch());
    }
    if (result.message() != null) {
      node.put("message", result.message());
    }
    return node;
  }

  private static ObjectNode problem(Problem problem) {
    var node = JsonNodeFactory.instance.objectNode();
    node.put("severity", problem.severity().name().toLowerCase(Locale.ROOT));
    node.put("file", problem.origin().path());
    if (problem.origin().line() > 0) {
      node.put("line", problem.origin().line());
    }
    node.put("message", problem.message());
    return node;
  }

  private static ObjectNode summary(RunResult result) {
    var counts = new TreeMap<String, Integer>();
    if (result.command().equals("drift")) {
      for (var category : DriftCategory.values()) {
        counts.put(category.wireName(), 0);
      }
    } else {
      for (var action : Action.values()) {
        counts.put(action.wireName(), 0);
      }
    }
    for (var object : result.objects()) {
      var key =
          object.category() != null ? object.category().wireName() : object.action().wireName();
      counts.merge(key, 1, Integer::sum);
    }
    var node = JsonNodeFactory.instance.objectNode();
    counts.forEach(node::put);
    node.put(
        "errors",
        (int)
            (result.problems().stream().filter(Problem::isError).count()
                + result.objects().stream().filter(o -> o.action() == Action.FAILED).count()));
    node.put("warnings", (int) result.problems().stream().filter(p -> !p.isError()).count());
    return node;
  }
}

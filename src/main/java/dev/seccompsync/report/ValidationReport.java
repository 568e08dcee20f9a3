package dev.seccompsync.report;

import dev.seccompsync.validate.Finding;
import dev.seccompsync.validate.Finding.Severity;
import dev.seccompsync.validate.ValidationResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code validate}'s findings as text for people, JSON for scripts, and SARIF 2.1.0 for code
 * scanning.
 */
public final class ValidationReport {
  private ValidationReport() {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One line per finding, then a summary. */
  public static void text(ValidationResult result, PrintWriter out, Style style) {
    for (var finding : result.findings()) {
      var line = finding.oneLine();
      out.println(
          switch (finding.severity()) {
            case ERROR -> line.replaceFirst(": error: ", ": " + style.red("error") + ": ");
            case WARNING -> line.replaceFirst(": warning: ", ": " + style.yellow("warning") + ": ");
            case NOTE -> line;
          });
    }
    out.println(
        "validate: %s, %s, %s in %s, %s (generation %s: %s; revision %s)"
            .formatted(
                plural(result.count(Severity.ERROR), "error"),
                plural(result.count(Severity.WARNING), "warning"),
                plural(result.count(Severity.NOTE), "note"),
                plural(result.objects(), "object"),
                plural(result.files(), "file"),
                result.generation(),
                result.generationReason(),
                TextReport.shortCommit(result.revision())));
  }

  public static String json(ValidationResult result) {
    var root = JSON.createObjectNode();
    root.put("command", "validate");
    root.put("repository", result.repository());
    root.put("revision", result.revision());
    root.put("generation", result.generation());
    root.put("generationReason", result.generationReason());
    var summary = root.putObject("summary");
    summary.put("objects", result.objects());
    summary.put("files", result.files());
    for (var severity : Severity.values()) {
      summary.put(severity.wireName() + "s", result.count(severity));
    }
    var findings = root.putArray("findings");
    for (var finding : result.findings()) {
      var node = findings.addObject();
      node.put("severity", finding.severity().wireName());
      node.put("rule", finding.rule());
      node.put("file", finding.path());
      node.put("line", finding.line());
      node.put("object", finding.object());
      node.put("pointer", finding.pointer());
      node.put("message", finding.message());
      node.put("fix", finding.fix());
    }
    return root.toPrettyString() + "\n";
  }

  /** A SARIF 2.1.0 log with one run; rules are the finding rules used. */
  public static String sarif(ValidationResult result, String toolVersion) {
    var root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    var run = root.putArray("runs").addObject();
    var driver = run.putObject("tool").putObject("driver");
    driver.put("name", "seccomp-sync");
    driver.put("version", toolVersion);
    var rules = driver.putArray("rules");
    Map<String, Integer> index = new LinkedHashMap<>();
    for (var finding : result.findings()) {
      index.computeIfAbsent(
          finding.rule(),
          rule -> {
            var node = rules.addObject();
            node.put("id", rule);
            node.putObject("shortDescription").put("text", RuleText.of(rule));
            node.putObject("defaultConfiguration").put("level", level(finding.severity()));
            return index.size();
          });
    }
    var results = run.putArray("results");
    for (var finding : result.findings()) {
      var node = results.addObject();
      node.put("ruleId", finding.rule());
      node.put("ruleIndex", index.get(finding.rule()));
      node.put("level", level(finding.severity()));
      node.putObject("message").put("text", message(finding));
      var physical = node.putArray("locations").addObject().putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", finding.path());
      if (finding.line() > 0) {
        physical.putObject("region").put("startLine", finding.line());
      }
      if (finding.object() != null) {
        var logical = ((ObjectNode) node.get("locations").get(0)).putArray("logicalLocations");
        logical
            .addObject()
            .put(
                "fullyQualifiedName",
                finding.object() + (finding.pointer() == null ? "" : finding.pointer()));
      }
    }
    return root.toPrettyString() + "\n";
  }

  private static String message(Finding finding) {
    var subject = finding.object() == null ? "" : finding.object() + ": ";
    return subject + finding.message() + (finding.fix() == null ? "" : "; " + finding.fix());
  }

  private static String level(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case NOTE -> "note";
    };
  }

  private static String plural(long count, String word) {
    return count + " " + word + (count == 1 ? "" : "s");
  }

  /** One sentence per rule, for SARIF's rule descriptions. */
  static final class RuleText {
    private RuleText() {}

    static String of(String rule) {
      return switch (rule) {
        case "load" -> "The file cannot be read as Kubernetes manifests.";
        case "schema" -> "The object breaks the CRD schema of the target generation.";
        case "unknown-syscall" -> "A syscall name the kernel does not know for the architectures.";
        case "empty-syscall-name" -> "An empty syscall name.";
        case "conflicting-actions" -> "One syscall in rules with different actions.";
        case "errno-range" -> "errnoRet outside the errno range.";
        case "errno-ignored" -> "errnoRet on an action that ignores it.";
        case "errno-zero" -> "errnoRet 0 makes a denied call report success.";
        case "architecture-name" -> "An architecture not spelled as SCMP_ARCH_*.";
        case "base-missing" -> "baseProfileName names no profile.";
        case "base-other-namespace" -> "The base profile is in another namespace.";
        case "base-cycle" -> "Base profiles form a cycle.";
        case "base-depth" -> "The chain of base profiles is deeper than the operator follows.";
        case "base-external" -> "The base profile is an OCI artifact, not verified.";
        case "binding-missing-profile" -> "A binding to a profile that does not exist.";
        case "binding-disabled-profile" -> "A binding to a disabled profile.";
        case "duplicate-cluster-name" -> "A cluster-scoped name defined in two namespaces.";
        case "namespace-not-enabled" -> "The namespace lacks the label SPO needs.";
        case "namespace-missing" -> "The object's namespace does not exist in the cluster.";
        case "duplicate-object" -> "The same object is defined twice.";
        case "internal" -> "A check failed on the object.";
        case "unmanaged-dependency" -> "A reference to an object only the cluster has.";
        case "operator-policy" -> "The operator's configuration forbids the profile.";
        case "api-version" -> "The apiVersion is not served in the target generation.";
        case "cluster-scoped-namespace" -> "A namespace on a cluster-scoped kind.";
        case "removed-field" -> "A field the target generation removed.";
        case "enum-spelling" -> "An enum spelled as an older generation did.";
        case "unknown-kind" -> "A kind the target generation does not have.";
        default -> rule;
      };
    }
  }
}

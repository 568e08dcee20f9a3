package dev.seccompsync.diff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Recognises a change that only reorders seccomp rules. The runtime uses the first rule that
 * matches, so a reorder is a real change when one syscall is in more than one rule, and only
 * cosmetic when no name is shared; either way the server stores the new order, so it is reported.
 */
final class RuleOrder {
  private RuleOrder() {}

  /** A note for a reorder-only change, or {@code null} when the change is more than that. */
  static String describeReorder(ObjectNode before, ObjectNode after) {
    var rulesBefore = before.path("spec").path("syscalls");
    var rulesAfter = after.path("spec").path("syscalls");
    if (!rulesBefore.isArray() || !rulesAfter.isArray() || rulesBefore.equals(rulesAfter)) {
      return null;
    }
    var sortedBefore = withSortedRules(before);
    if (!sortedBefore.equals(withSortedRules(after))) {
      return null;
    }
    return namesOverlap(rulesAfter)
        ? "rule order changed and a syscall is in more than one rule: the first match wins, so the"
            + " policy changes"
        : "rule order only; no syscall is in more than one rule, so the policy is the same";
  }

  private static ObjectNode withSortedRules(ObjectNode object) {
    var copy = object.deepCopy();
    var rules = new ArrayList<JsonNode>();
    copy.path("spec").path("syscalls").forEach(rules::add);
    rules.sort(Comparator.comparing(JsonNode::toString));
    var sorted = copy.arrayNode();
    rules.forEach(sorted::add);
    ((ObjectNode) copy.get("spec")).set("syscalls", sorted);
    return copy;
  }

  private static boolean namesOverlap(JsonNode rules) {
    var seen = new HashSet<String>();
    for (var rule : rules) {
      List<String> names =
          rule.path("names").valueStream().map(JsonNode::asString).distinct().toList();
      for (var name : names) {
        if (!seen.add(name)) {
          return true;
        }
      }
    }
    return false;
  }
}

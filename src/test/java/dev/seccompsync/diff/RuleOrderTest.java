package dev.seccompsync.diff;

import static dev.seccompsync.diff.SchemaFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RuleOrderTest {

  // Shared case C21: swapping rules that share no syscall keeps the policy.
  @Test
  void describesAReorderOfRulesWithoutSharedNames() {
    var before = rules("[{action: A, names: [read, write]}, {action: B, names: [close]}]");
    var after = rules("[{action: B, names: [close]}, {action: A, names: [read, write]}]");

    var note = RuleOrder.describeReorder(before, after);

    assertThat(note)
        .isEqualTo(
            "rule order only; no syscall is in more than one rule, so the policy is the same");
  }

  // Shared case C08: swapping rules that share a syscall changes which rule matches first.
  @Test
  void describesAReorderOfRulesWithSharedNamesAsAPolicyChange() {
    var before = rules("[{action: ALLOW, names: [read, mount]}, {action: ERRNO, names: [mount]}]");
    var after = rules("[{action: ERRNO, names: [mount]}, {action: ALLOW, names: [read, mount]}]");

    var note = RuleOrder.describeReorder(before, after);

    assertThat(note)
        .isEqualTo(
            "rule order changed and a syscall is in more than one rule: the first match wins, so"
                + " the policy changes");
  }

  @Test
  void doesNotCountANameRepeatedInOneRuleAsShared() {
    var before = rules("[{action: A, names: [read, read]}, {action: B, names: [close]}]");
    var after = rules("[{action: B, names: [close]}, {action: A, names: [read, read]}]");

    var note = RuleOrder.describeReorder(before, after);

    assertThat(note)
        .isEqualTo(
            "rule order only; no syscall is in more than one rule, so the policy is the same");
  }

  @Test
  void saysNothingWhenARuleChangedAsWell() {
    var before = rules("[{action: A, names: [read]}, {action: B, names: [close]}]");
    var after = rules("[{action: B, names: [close]}, {action: A, names: [read, write]}]");

    var note = RuleOrder.describeReorder(before, after);

    assertThat(note).isNull();
  }

  @Test
  void saysNothingWhenTheRulesAreUnchanged() {
    var before = rules("[{action: A, names: [read]}, {action: B, names: [close]}]");
    var after = before.deepCopy();
    ((ObjectNode) after.get("spec")).put("defaultAction", "OTHER");

    var note = RuleOrder.describeReorder(before, after);

    assertThat(note).isNull();
  }

  @Test
  void saysNothingWhenTheRulesAreNew() {
    var before = yaml("spec: {defaultAction: SCMP_ACT_LOG}");
    var after = rules("[{action: A, names: [read]}]");

    var note = RuleOrder.describeReorder(before, after);

    assertThat(note).isNull();
  }

  @Test
  void saysNothingWhenTheSpecIsGone() {
    var before = rules("[{action: A, names: [read]}]");
    var after = yaml("metadata: {name: web}");

    var note = RuleOrder.describeReorder(before, after);

    assertThat(note).isNull();
  }

  private static ObjectNode rules(String syscalls) {
    return yaml("spec: {defaultAction: SCMP_ACT_ERRNO, syscalls: %s}".formatted(syscalls));
  }
}

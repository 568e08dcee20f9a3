package dev.seccompsync.validate;

import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.validate.Finding.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What makes a seccomp profile mean something else than its author thinks: syscall names the kernel
 * does not know for the profile's architectures (a typo matches nothing, and in a deny rule of an
 * allow-by-default profile it leaves the call allowed), architectures spelled the Go or uname way,
 * a name in rules with different actions (the runtime uses the first), and {@code errnoRet} values
 * that do not fit, do nothing, or report success.
 */
final class SeccompCheck {

  /** Actions that stop a call: a typo in such a rule leaves the call to the default action. */
  private static final Set<String> DENY =
      Set.of(
          "SCMP_ACT_ERRNO",
          "SCMP_ACT_KILL",
          "SCMP_ACT_KILL_PROCESS",
          "SCMP_ACT_KILL_THREAD",
          "SCMP_ACT_TRAP",
          "SCMP_ACT_TRACE");

  /** Actions whose {@code errnoRet} the runtime uses. */
  private static final Set<String> USES_ERRNO = Set.of("SCMP_ACT_ERRNO", "SCMP_ACT_TRACE");

  /** The largest errno: the kernel reads larger return values as successes. */
  static final int MAX_ERRNO = 4095;

  private final SyscallNames syscalls;
  private final Findings findings;

  SeccompCheck(SyscallNames syscalls, Findings findings) {
    this.syscalls = syscalls;
    this.findings = findings;
  }

  void check(Manifest profile) {
    var spec = profile.body().path("spec");
    var arches = architectures(profile, spec.path("architectures"));
    var defaultAction = spec.path("defaultAction").asString("");
    var firstAction = new HashMap<String, Integer>();
    var rules = spec.path("syscalls");
    if (!rules.isArray()) {
      return;
    }
    for (int r = 0; r < rules.size(); r++) {
      var rule = rules.get(r);
      if (!rule.isObject()) {
        continue;
      }
      var action = rule.path("action").asString("");
      var rulePointer = "/spec/syscalls/" + r;
      errno(profile, rule, action, rulePointer, r + 1);
      var names = rule.path("names");
      if (!names.isArray()) {
        continue; // the schema check reports the shape
      }
      for (int n = 0; n < names.size(); n++) {
        if (!names.get(n).isString()) {
          continue;
        }
        var name = names.get(n).asString("");
        var pointer = rulePointer + "/names/" + n;
        if (name.isBlank()) {
          findings.add(
              Severity.ERROR,
              "empty-syscall-name",
              profile,
              pointer,
              "rule %d has an empty syscall name".formatted(r + 1),
              "remove it");
          continue;
        }
        name(profile, name, pointer, r + 1, action, defaultAction, arches);
        var earlier = firstAction.putIfAbsent(name, r);
        if (earlier != null && earlier != r) {
          var earlierAction = rules.get(earlier).path("action").asString("");
          if (!earlierAction.equals(action)) {
            findings.add(
                Severity.WARNING,
                "conflicting-actions",
                profile,
                pointer,
                ("%s appears in rule %d (%s) and rule %d (%s); runtimes use the first match, so"
                        + " the effective action is %s and rule %d's entry has no effect")
                    .formatted(
                        name, earlier + 1, earlierAction, r + 1, action, earlierAction, r + 1),
                "keep %s in one rule".formatted(name));
          }
        }
      }
    }
  }

  /** A value as it appears in a message: long ones cut, so output never dwarfs the input. */
  static String display(String value) {
    return value.length() <= 64 ? value : value.substring(0, 60) + "...";
  }

  private List<String> architectures(Manifest profile, JsonNode list) {
    var arches = new ArrayList<String>();
    if (!list.isArray()) {
      return arches;
    }
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isString()) {
        continue;
      }
      var arch = list.get(i).asString("");
      if (arch.startsWith("SCMP_ARCH_")) {
        arches.add(arch);
        continue;
      }
      var pointer = "/spec/architectures/" + i;
      var suggestion = SyscallNames.scmpName(arch);
      findings.add(
          Severity.ERROR,
          "architecture-name",
          profile,
          pointer,
          "architecture %s is not an allowed value; the CRD only accepts SCMP_ARCH_* names"
              .formatted(arch),
          suggestion.map(s -> "use " + s).orElse("use an SCMP_ARCH_* name"));
      suggestion.ifPresent(arches::add);
    }
    return arches;
  }

  private void name(
      Manifest profile,
      String name,
      String pointer,
      int rule,
      String action,
      String defaultAction,
      List<String> arches) {
    var tables = arches.stream().filter(syscalls::hasTable).toList();
    boolean known =
        tables.isEmpty()
            ? syscalls.knowsAnywhere(name)
            : tables.stream().anyMatch(a -> syscalls.knows(a, name));
    if (known) {
      return;
    }
    var where = tables.isEmpty() ? "any architecture" : String.join(", ", tables);
    if (!tables.isEmpty() && syscalls.knowsAnywhere(name)) {
      findings.add(
          Severity.WARNING,
          "unknown-syscall",
          profile,
          pointer,
          ("rule %d names %s, which %s %s not have (other architectures do); it matches nothing"
                  + " there")
              .formatted(rule, display(name), where, tables.size() == 1 ? "does" : "do"),
          "remove it, or add the architecture that has it");
      return;
    }
    var closest = syscalls.closest(name, tables);
    var fix = closest.map(c -> "did you mean " + c + "?").orElse("check the spelling");
    var allowByDefault =
        defaultAction.equals("SCMP_ACT_ALLOW") || defaultAction.equals("SCMP_ACT_LOG");
    if (allowByDefault && DENY.contains(action)) {
      findings.add(
          Severity.ERROR,
          "unknown-syscall",
          profile,
          pointer,
          ("rule %d (%s) names %s, which the kernel does not know for %s; with defaultAction %s"
                  + " a typo here leaves the call allowed")
              .formatted(rule, action, display(name), where, defaultAction),
          fix);
    } else {
      findings.add(
          Severity.WARNING,
          "unknown-syscall",
          profile,
          pointer,
          "rule %d names %s, which the kernel does not know for %s; it matches nothing"
              .formatted(rule, display(name), where),
          fix);
    }
  }

  private void errno(Manifest profile, JsonNode rule, String action, String pointer, int number) {
    var errno = rule.get("errnoRet");
    if (errno == null || errno.isNull()) {
      return;
    }
    var at = pointer + "/errnoRet";
    if (!errno.isIntegralNumber()) {
      return; // the schema check reports the type
    }
    var big = errno.bigIntegerValue();
    if (big.signum() < 0 || big.compareTo(java.math.BigInteger.valueOf(MAX_ERRNO)) > 0) {
      var wraps =
          big.signum() > 0 && big.mod(java.math.BigInteger.valueOf(65536)).signum() == 0
              ? " (seccomp keeps 16 bits, so it becomes 0, a success)"
              : "";
      findings.add(
          Severity.ERROR,
          "errno-range",
          profile,
          at,
          "rule %d: errnoRet: %s is outside 0..%d; the kernel would not report it as an error%s"
              .formatted(number, big, MAX_ERRNO, wraps),
          "use an errno such as 1 (EPERM) or 38 (ENOSYS)");
      return;
    }
    var value = big.longValue();
    if (!USES_ERRNO.contains(action)) {
      findings.add(
          Severity.WARNING,
          "errno-ignored",
          profile,
          at,
          "rule %d: errnoRet has no effect with %s".formatted(number, action),
          "remove it");
    } else if (value == 0 && action.equals("SCMP_ACT_ERRNO")) {
      findings.add(
          Severity.WARNING,
          "errno-zero",
          profile,
          at,
          ("rule %d: errnoRet: 0 with SCMP_ACT_ERRNO makes %s return success without running;"
                  + " usually a mistake")
              .formatted(number, names(rule)),
          "use 1 (EPERM) or 38 (ENOSYS)");
    }
  }

  private static String names(JsonNode rule) {
    var names = new LinkedHashSet<String>();
    rule.path("names").forEach(n -> names.add(n.asString("")));
    return String.join(", ", names);
  }
}

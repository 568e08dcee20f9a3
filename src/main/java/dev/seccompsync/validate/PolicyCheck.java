package dev.seccompsync.validate;

import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.validate.Finding.Severity;
import java.util.List;
import java.util.TreeSet;

/** Profiles the operator would delete because they break its daemon configuration. */
final class PolicyCheck {

  private final List<OperatorPolicy> policies;
  private final Findings findings;

  PolicyCheck(List<OperatorPolicy> policies, Findings findings) {
    this.policies = policies;
    this.findings = findings;
  }

  void check(Manifest profile) {
    var spec = profile.body().path("spec");
    for (var policy : policies) {
      if (!policy.allowedActions().isEmpty()) {
        var defaultAction = spec.path("defaultAction").asString("");
        if (!defaultAction.isEmpty() && !policy.allowedActions().contains(defaultAction)) {
          refuse(
              profile,
              policy,
              "/spec/defaultAction",
              "defaultAction %s is not in allowedSeccompActions".formatted(defaultAction));
        }
        var rules = spec.path("syscalls");
        for (int r = 0; r < rules.size(); r++) {
          var action = rules.get(r).path("action").asString("");
          if (!action.isEmpty() && !policy.allowedActions().contains(action)) {
            refuse(
                profile,
                policy,
                "/spec/syscalls/" + r + "/action",
                "rule %d's action %s is not in allowedSeccompActions".formatted(r + 1, action));
          }
        }
      }
      if (!policy.allowedSyscalls().isEmpty()) {
        if ("SCMP_ACT_ALLOW".equals(spec.path("defaultAction").asString(""))) {
          refuse(
              profile,
              policy,
              "/spec/defaultAction",
              "defaultAction SCMP_ACT_ALLOW allows every syscall, beyond allowedSyscalls");
        }
        var rules = spec.path("syscalls");
        for (int r = 0; r < rules.size(); r++) {
          var rule = rules.get(r);
          if (!"SCMP_ACT_ALLOW".equals(rule.path("action").asString(""))) {
            continue;
          }
          var outside = new TreeSet<String>();
          rule.path("names")
              .forEach(
                  n -> {
                    if (!n.asString("").isEmpty()
                        && !policy.allowedSyscalls().contains(n.asString(""))) {
                      outside.add(n.asString(""));
                    }
                  });
          if (!outside.isEmpty()) {
            refuse(
                profile,
                policy,
                "/spec/syscalls/" + r + "/names",
                "rule %d allows %s, outside allowedSyscalls"
                    .formatted(r + 1, String.join(", ", outside)));
          }
        }
      }
    }
  }

  private void refuse(Manifest profile, OperatorPolicy policy, String pointer, String what) {
    findings.add(
        Severity.ERROR,
        "operator-policy",
        profile,
        pointer,
        what
            + " of the operator's configuration ("
            + policy.source()
            + "); the operator deletes such profiles",
        "change the profile, or the daemon configuration");
  }
}

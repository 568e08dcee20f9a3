package dev.seccompsync.promote;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The union of seccomp rule lists as SPO's recording merger computes it: every syscall name once,
 * with the least restrictive action any list gives it. Rules with argument filters are kept as they
 * are (duplicates dropped), since they allow a call only under their conditions.
 */
final class SyscallUnion {

  /** Seccomp actions from least to most restrictive; unknown actions sort as most restrictive. */
  private static final List<String> BY_RESTRICTION =
      List.of(
          "SCMP_ACT_ALLOW",
          "SCMP_ACT_LOG",
          "SCMP_ACT_NOTIFY",
          "SCMP_ACT_TRACE",
          "SCMP_ACT_TRAP",
          "SCMP_ACT_ERRNO",
          "SCMP_ACT_KILL_THREAD",
          "SCMP_ACT_KILL",
          "SCMP_ACT_KILL_PROCESS");

  /** The action (and errno) of an unconditional rule for one name. */
  record Verdict(String action, Integer errnoRet) {

    /** Whether the call goes ahead: allowed, or allowed and logged. */
    boolean allows() {
      return action.equals("SCMP_ACT_ALLOW") || action.equals("SCMP_ACT_LOG");
    }
  }

  private final Map<String, Verdict> unconditional = new TreeMap<>();
  private final LinkedHashSet<JsonNode> conditional = new LinkedHashSet<>();

  /** Adds the {@code spec.syscalls} array of one profile; anything not an array adds nothing. */
  SyscallUnion add(JsonNode syscalls) {
    if (syscalls == null || !syscalls.isArray()) {
      return this;
    }
    for (var rule : syscalls) {
      var action = rule.path("action").asString("");
      if (rule.has("args") && !rule.path("args").isEmpty()) {
        conditional.add(rule);
        continue;
      }
      var errno = rule.path("errnoRet").isNumber() ? rule.path("errnoRet").asInt() : null;
      for (var name : rule.path("names")) {
        var verdict = new Verdict(action, errno);
        unconditional.merge(name.asString(), verdict, SyscallUnion::lessRestrictive);
      }
    }
    return this;
  }

  /** This union, plus the unconditional rules of {@code other} for names this one lacks. */
  SyscallUnion plusNew(SyscallUnion other) {
    var result = new SyscallUnion();
    result.unconditional.putAll(unconditional);
    result.conditional.addAll(conditional);
    var named = names();
    other.unconditional.forEach(
        (name, verdict) -> {
          if (!named.contains(name)) {
            result.unconditional.put(name, verdict);
          }
        });
    return result;
  }

  /**
   * Git's rules with its allowed names replaced by the recorded ones: the names this union denies
   * (any action that does not let the call proceed) keep their rule, the recorded names it does not
   * deny come from {@code recorded}, and allowed names the recording did not use go.
   */
  SyscallUnion replacingAllowed(SyscallUnion recorded) {
    var result = new SyscallUnion();
    unconditional.forEach(
        (name, verdict) -> {
          if (!verdict.allows()) {
            result.unconditional.put(name, verdict);
          }
        });
    result.conditional.addAll(conditional);
    recorded.unconditional.forEach(result.unconditional::putIfAbsent);
    result.conditional.addAll(recorded.conditional);
    return result;
  }

  /** This union without unconditional rules for the given names. */
  SyscallUnion without(java.util.Set<String> names) {
    var result = new SyscallUnion();
    unconditional.forEach(
        (name, verdict) -> {
          if (!names.contains(name)) {
            result.unconditional.put(name, verdict);
          }
        });
    result.conditional.addAll(conditional);
    return result;
  }

  /** This union with only the unconditional rules of the given names. */
  SyscallUnion only(java.util.Set<String> names) {
    var result = new SyscallUnion();
    unconditional.forEach(
        (name, verdict) -> {
          if (names.contains(name)) {
            result.unconditional.put(name, verdict);
          }
        });
    return result;
  }

  /** The names recorded as allowed that this union denies. */
  List<String> deniedOf(SyscallUnion recorded) {
    var denied = new ArrayList<String>();
    recorded.unconditional.forEach(
        (name, verdict) -> {
          var mine = unconditional.get(name);
          if (verdict.allows() && mine != null && !mine.allows()) {
            denied.add(name);
          }
        });
    return denied;
  }

  /** The names this union allows that {@code recorded} does not name. */
  List<String> allowedNotIn(SyscallUnion recorded) {
    var unused = new ArrayList<String>();
    unconditional.forEach(
        (name, verdict) -> {
          if (verdict.allows() && !recorded.unconditional.containsKey(name)) {
            unused.add(name);
          }
        });
    return unused;
  }

  private static Verdict lessRestrictive(Verdict a, Verdict b) {
    return rank(b.action()) < rank(a.action()) ? b : a;
  }

  private static int rank(String action) {
    var index = BY_RESTRICTION.indexOf(action);
    return index < 0 ? BY_RESTRICTION.size() : index;
  }

  /** The names with an unconditional rule, with their verdicts, by name. */
  Map<String, Verdict> byName() {
    return java.util.Collections.unmodifiableMap(unconditional);
  }

  /** Every syscall name that some rule of the union names. */
  TreeSet<String> names() {
    var names = new TreeSet<>(unconditional.keySet());
    for (var rule : conditional) {
      rule.path("names").forEach(n -> names.add(n.asString()));
    }
    return names;
  }

  /** The operator's shape: one rule per name, sorted by name, then the conditional rules. */
  ArrayNode onePerName() {
    var array = JsonNodeFactory.instance.arrayNode();
    unconditional.forEach((name, verdict) -> array.add(rule(verdict, List.of(name))));
    conditional.forEach(array::add);
    return array;
  }

  /**
   * The shape people review: one rule per action (least restrictive first), names sorted, then the
   * conditional rules. Allows the same calls as {@link #onePerName()}.
   */
  ArrayNode grouped() {
    var groups =
        new TreeMap<Verdict, List<String>>(
            (a, b) -> {
              var byRank = Integer.compare(rank(a.action()), rank(b.action()));
              if (byRank != 0) {
                return byRank;
              }
              var byAction = a.action().compareTo(b.action());
              return byAction != 0
                  ? byAction
                  : Integer.compare(
                      Objects.requireNonNullElse(a.errnoRet(), -1),
                      Objects.requireNonNullElse(b.errnoRet(), -1));
            });
    unconditional.forEach(
        (name, verdict) -> groups.computeIfAbsent(verdict, v -> new ArrayList<>()).add(name));
    var array = JsonNodeFactory.instance.arrayNode();
    groups.forEach((verdict, names) -> array.add(rule(verdict, names)));
    conditional.forEach(array::add);
    return array;
  }

  private static JsonNode rule(Verdict verdict, List<String> names) {
    var rule = JsonNodeFactory.instance.objectNode();
    rule.put("action", verdict.action());
    if (verdict.errnoRet() != null) {
      rule.put("errnoRet", verdict.errnoRet());
    }
    var array = rule.putArray("names");
    names.forEach(array::add);
    return rule;
  }
}

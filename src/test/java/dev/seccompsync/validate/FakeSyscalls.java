package dev.seccompsync.validate;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A small syscall table for tests that must not depend on the generated one. */
final class FakeSyscalls implements SyscallNames {

  private static final Set<String> COMMON =
      Set.of(
          "read",
          "write",
          "openat",
          "close",
          "mount",
          "umount2",
          "clone3",
          "ptrace",
          "unshare",
          "exit",
          "exit_group",
          "futex",
          "nanosleep",
          "bpf",
          "acct",
          "add_key",
          "mkdirat",
          "unlinkat");

  private final Map<String, Set<String>> tables =
      Map.of(
          "SCMP_ARCH_X86_64",
          union(COMMON, Set.of("open", "mkdir", "unlink")),
          "SCMP_ARCH_AARCH64",
          COMMON);

  @Override
  public boolean hasTable(String scmpArch) {
    return tables.containsKey(scmpArch);
  }

  @Override
  public boolean knows(String scmpArch, String name) {
    return tables.getOrDefault(scmpArch, Set.of()).contains(name);
  }

  @Override
  public boolean knowsAnywhere(String name) {
    return tables.values().stream().anyMatch(t -> t.contains(name));
  }

  @Override
  public Optional<String> closest(String name, Collection<String> scmpArches) {
    var all = new java.util.TreeSet<String>();
    tables.forEach(
        (arch, names) -> {
          if (scmpArches.isEmpty() || scmpArches.contains(arch)) {
            all.addAll(names);
          }
        });
    return Closest.to(name, all);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }
}

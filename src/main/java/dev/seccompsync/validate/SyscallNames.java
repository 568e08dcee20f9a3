package dev.seccompsync.validate;

import java.util.Collection;
import java.util.Optional;

/** The syscall names the kernel knows, per seccomp architecture. */
interface SyscallNames {

  boolean hasTable(String scmpArch);

  boolean knows(String scmpArch, String name);

  boolean knowsAnywhere(String name);

  /** The nearest known name on those architectures (all when empty), for suggestions. */
  Optional<String> closest(String name, Collection<String> scmpArches);

  /** {@code amd64} or {@code x86_64} to {@code SCMP_ARCH_X86_64}, and so on. */
  static Optional<String> scmpName(String arch) {
    return SyscallTable.scmpName(arch);
  }

  /** The tables generated from the kernel's syscall lists. */
  static SyscallNames bundled() {
    return SyscallTable.load();
  }
}

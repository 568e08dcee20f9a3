package dev.seccompsync.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes N SeccompProfiles shaped like the ones the operator records from real workloads: about 300
 * syscall names spread over three to five rules with different actions, argument conditions on a
 * third of them, two or three architectures, and a {@code baseProfileName} on every fifth. The
 * output is deterministic for a given N, so every run compares the same input.
 *
 * <p>Profiles are grouped into multi-document files of {@link #PROFILES_PER_FILE}, in one directory
 * per team under {@link #DIRECTORY}, plus {@code base/} for the profiles others build on.
 */
final class ProfileGenerator {

  /** The repository directory that holds every generated file. */
  static final String DIRECTORY = "profiles";

  static final int PROFILES_PER_FILE = 25;

  /** Profiles 0..BASES-1 are bases; others name one of them in {@code baseProfileName}. */
  static final int BASES = 10;

  private static final int TEAMS = 8;

  /** Linux x86_64 system calls, as recorded profiles name them. */
  private static final List<String> SYSCALLS =
      List.of(
          "accept",
          "accept4",
          "access",
          "acct",
          "add_key",
          "adjtimex",
          "alarm",
          "arch_prctl",
          "bind",
          "bpf",
          "brk",
          "capget",
          "capset",
          "chdir",
          "chmod",
          "chown",
          "chroot",
          "clock_adjtime",
          "clock_getres",
          "clock_gettime",
          "clock_nanosleep",
          "clock_settime",
          "clone",
          "clone3",
          "close",
          "close_range",
          "connect",
          "copy_file_range",
          "creat",
          "delete_module",
          "dup",
          "dup2",
          "dup3",
          "epoll_create",
          "epoll_create1",
          "epoll_ctl",
          "epoll_pwait",
          "epoll_pwait2",
          "epoll_wait",
          "eventfd",
          "eventfd2",
          "execve",
          "execveat",
          "exit",
          "exit_group",
          "faccessat",
          "faccessat2",
          "fadvise64",
          "fallocate",
          "fanotify_init",
          "fanotify_mark",
          "fchdir",
          "fchmod",
          "fchmodat",
          "fchown",
          "fchownat",
          "fcntl",
          "fdatasync",
          "fgetxattr",
          "finit_module",
          "flistxattr",
          "flock",
          "fork",
          "fremovexattr",
          "fsconfig",
          "fsetxattr",
          "fsmount",
          "fsopen",
          "fspick",
          "fstat",
          "fstatfs",
          "fsync",
          "ftruncate",
          "futex",
          "futex_waitv",
          "futimesat",
          "get_mempolicy",
          "get_robust_list",
          "getcpu",
          "getcwd",
          "getdents",
          "getdents64",
          "getegid",
          "geteuid",
          "getgid",
          "getgroups",
          "getitimer",
          "getpeername",
          "getpgid",
          "getpgrp",
          "getpid",
          "getppid",
          "getpriority",
          "getrandom",
          "getresgid",
          "getresuid",
          "getrlimit",
          "getrusage",
          "getsid",
          "getsockname",
          "getsockopt",
          "gettid",
          "gettimeofday",
          "getuid",
          "getxattr",
          "init_module",
          "inotify_add_watch",
          "inotify_init",
          "inotify_init1",
          "inotify_rm_watch",
          "io_cancel",
          "io_destroy",
          "io_getevents",
          "io_pgetevents",
          "io_setup",
          "io_submit",
          "io_uring_enter",
          "io_uring_register",
          "io_uring_setup",
          "ioctl",
          "ioperm",
          "iopl",
          "ioprio_get",
          "ioprio_set",
          "kcmp",
          "kexec_file_load",
          "kexec_load",
          "keyctl",
          "kill",
          "landlock_add_rule",
          "landlock_create_ruleset",
          "landlock_restrict_self",
          "lchown",
          "lgetxattr",
          "link",
          "linkat",
          "listen",
          "listxattr",
          "llistxattr",
          "lookup_dcookie",
          "lremovexattr",
          "lseek",
          "lsetxattr",
          "lstat",
          "madvise",
          "mbind",
          "membarrier",
          "memfd_create",
          "memfd_secret",
          "migrate_pages",
          "mincore",
          "mkdir",
          "mkdirat",
          "mknod",
          "mknodat",
          "mlock",
          "mlock2",
          "mlockall",
          "mmap",
          "modify_ldt",
          "mount",
          "mount_setattr",
          "move_mount",
          "move_pages",
          "mprotect",
          "mq_getsetattr",
          "mq_notify",
          "mq_open",
          "mq_timedreceive",
          "mq_timedsend",
          "mq_unlink",
          "mremap",
          "msgctl",
          "msgget",
          "msgrcv",
          "msgsnd",
          "msync",
          "munlock",
          "munlockall",
          "munmap",
          "name_to_handle_at",
          "nanosleep",
          "newfstatat",
          "open",
          "open_by_handle_at",
          "open_tree",
          "openat",
          "openat2",
          "pause",
          "perf_event_open",
          "personality",
          "pidfd_getfd",
          "pidfd_open",
          "pidfd_send_signal",
          "pipe",
          "pipe2",
          "pivot_root",
          "pkey_alloc",
          "pkey_free",
          "pkey_mprotect",
          "poll",
          "ppoll",
          "prctl",
          "pread64",
          "preadv",
          "preadv2",
          "prlimit64",
          "process_madvise",
          "process_mrelease",
          "process_vm_readv",
          "process_vm_writev",
          "pselect6",
          "ptrace",
          "pwrite64",
          "pwritev",
          "pwritev2",
          "quotactl",
          "quotactl_fd",
          "read",
          "readahead",
          "readlink",
          "readlinkat",
          "readv",
          "reboot",
          "recvfrom",
          "recvmmsg",
          "recvmsg",
          "remap_file_pages",
          "removexattr",
          "rename",
          "renameat",
          "renameat2",
          "request_key",
          "restart_syscall",
          "rmdir",
          "rseq",
          "rt_sigaction",
          "rt_sigpending",
          "rt_sigprocmask",
          "rt_sigqueueinfo",
          "rt_sigreturn",
          "rt_sigsuspend",
          "rt_sigtimedwait",
          "rt_tgsigqueueinfo",
          "sched_get_priority_max",
          "sched_get_priority_min",
          "sched_getaffinity",
          "sched_getattr",
          "sched_getparam",
          "sched_getscheduler",
          "sched_rr_get_interval",
          "sched_setaffinity",
          "sched_setattr",
          "sched_setparam",
          "sched_setscheduler",
          "sched_yield",
          "seccomp",
          "select",
          "semctl",
          "semget",
          "semop",
          "semtimedop",
          "sendfile",
          "sendmmsg",
          "sendmsg",
          "sendto",
          "set_mempolicy",
          "set_mempolicy_home_node",
          "set_robust_list",
          "set_tid_address",
          "setdomainname",
          "setfsgid",
          "setfsuid",
          "setgid",
          "setgroups",
          "sethostname",
          "setitimer",
          "setns",
          "setpgid",
          "setpriority",
          "setregid",
          "setresgid",
          "setresuid",
          "setreuid",
          "setrlimit",
          "setsid",
          "setsockopt",
          "settimeofday",
          "setuid",
          "setxattr",
          "shmat",
          "shmctl",
          "shmdt",
          "shmget",
          "shutdown",
          "sigaltstack",
          "signalfd",
          "signalfd4",
          "socket",
          "socketpair",
          "splice",
          "stat",
          "statfs",
          "statx",
          "swapoff",
          "swapon",
          "symlink",
          "symlinkat",
          "sync",
          "sync_file_range",
          "syncfs",
          "sysinfo",
          "syslog",
          "tee",
          "tgkill",
          "time",
          "timer_create",
          "timer_delete",
          "timer_getoverrun",
          "timer_gettime",
          "timer_settime",
          "timerfd_create",
          "timerfd_gettime",
          "timerfd_settime",
          "times",
          "tkill",
          "truncate",
          "umask",
          "umount2",
          "uname",
          "unlink",
          "unlinkat",
          "unshare",
          "userfaultfd",
          "ustat",
          "utime",
          "utimensat",
          "utimes",
          "vfork",
          "vhangup",
          "vmsplice",
          "wait4",
          "waitid",
          "write",
          "writev");

  /**
   * Architecture lists, in sorted order. The operator records {@code [X86_64, X86, X32]}, but
   * seccomp-sync sends set-typed lists sorted, so the server stores them sorted; a {@code kubectl
   * diff} of an unsorted file then shows the reordering as a change (and a {@code generation}
   * bump), and the two tools would not be compared on a no-op.
   */
  private static final List<List<String>> ARCHITECTURES =
      List.of(
          List.of("SCMP_ARCH_X32", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64"),
          List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"),
          List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_X86_64"));

  private ProfileGenerator() {}

  /** The name of profile {@code i}. */
  static String name(int i) {
    return "bench-%05d".formatted(i);
  }

  /** The repository files, path to content, holding profiles 0..n-1. */
  static Map<String, String> files(int n) {
    var files = new LinkedHashMap<String, String>();
    var current = new StringBuilder();
    String currentPath = null;
    for (int i = 0; i < n; i++) {
      var path = pathOf(i);
      if (!path.equals(currentPath)) {
        if (currentPath != null) {
          files.put(currentPath, current.toString());
        }
        current = new StringBuilder();
        currentPath = path;
      }
      current.append("---\n").append(profile(i));
    }
    if (currentPath != null) {
      files.put(currentPath, current.toString());
    }
    return files;
  }

  private static String pathOf(int i) {
    if (i < BASES) {
      return DIRECTORY + "/base/base.yaml";
    }
    int file = (i - BASES) / PROFILES_PER_FILE;
    return DIRECTORY + "/team-%d/profiles-%04d.yaml".formatted(file % TEAMS, file);
  }

  /** One profile as a YAML document. */
  static String profile(int i) {
    var random = new Random(0x5ecc0 + i);
    var team = i < BASES ? "platform" : "team-" + ((i - BASES) / PROFILES_PER_FILE) % TEAMS;
    var yaml = new StringBuilder(6000);
    yaml.append("apiVersion: security-profiles-operator.x-k8s.io/v1\n");
    yaml.append("kind: SeccompProfile\n");
    yaml.append("metadata:\n");
    yaml.append("  name: ").append(name(i)).append('\n');
    yaml.append("  labels:\n");
    yaml.append("    app.kubernetes.io/part-of: ").append(team).append('\n');
    yaml.append("    app: workload-").append(i).append('\n');
    if (i % 4 == 0) {
      yaml.append("  annotations:\n");
      yaml.append("    description: recorded from workload-")
          .append(i)
          .append(" in staging, reviewed\n");
    }
    yaml.append("spec:\n");
    var defaultAction =
        switch (random.nextInt(10)) {
          case 0 -> "SCMP_ACT_LOG";
          case 1 -> "SCMP_ACT_KILL_PROCESS";
          default -> "SCMP_ACT_ERRNO";
        };
    yaml.append("  defaultAction: ").append(defaultAction).append('\n');
    if (i >= BASES && i % 5 == 0) {
      yaml.append("  baseProfileName: ").append(name((i / 5) % BASES)).append('\n');
    }
    yaml.append("  architectures:\n");
    for (var arch : ARCHITECTURES.get(random.nextInt(ARCHITECTURES.size()))) {
      yaml.append("  - ").append(arch).append('\n');
    }
    yaml.append("  syscalls:\n");
    for (var rule : rules(random, i % 3 == 0)) {
      yaml.append(rule);
    }
    return yaml.toString();
  }

  /**
   * Three to five rules over 280-320 distinct names; with {@code withArgs} the last one allows a
   * syscall only for certain argument values.
   */
  private static List<String> rules(Random random, boolean withArgs) {
    var names = new ArrayList<>(SYSCALLS);
    Collections.shuffle(names, random);
    int total = 280 + random.nextInt(41);
    var chosen = names.subList(0, total);
    // Profiles with an argument rule keep to five rules in all.
    int ruleCount = withArgs ? 3 + random.nextInt(2) : 3 + random.nextInt(3);
    // The shares of the names: most allowed, some refused with EPERM, some only logged, a few
    // killing the process and, in five-rule profiles, a few answered with ENOSYS.
    int[] sizes = new int[ruleCount];
    sizes[1] = 15 + random.nextInt(20);
    sizes[2] = 8 + random.nextInt(10);
    if (ruleCount > 3) {
      sizes[3] = 2 + random.nextInt(5);
    }
    if (ruleCount > 4) {
      sizes[4] = 2 + random.nextInt(5);
    }
    int rest = total;
    for (int r = 1; r < ruleCount; r++) {
      rest -= sizes[r];
    }
    sizes[0] = rest;
    var rules = new ArrayList<String>();
    int from = 0;
    for (int r = 0; r < ruleCount; r++) {
      var ruleNames = new ArrayList<>(chosen.subList(from, from + sizes[r]));
      from += sizes[r];
      Collections.sort(ruleNames);
      var rule = new StringBuilder();
      switch (r) {
        case 0 -> rule.append("  - action: SCMP_ACT_ALLOW\n");
        case 1 -> rule.append("  - action: SCMP_ACT_ERRNO\n    errnoRet: 1\n");
        case 2 -> rule.append("  - action: SCMP_ACT_LOG\n");
        case 3 -> rule.append("  - action: SCMP_ACT_KILL_PROCESS\n");
        default -> rule.append("  - action: SCMP_ACT_ERRNO\n    errnoRet: 38\n");
      }
      rule.append("    names:\n");
      ruleNames.forEach(n -> rule.append("    - ").append(n).append('\n'));
      rules.add(rule.toString());
    }
    if (withArgs && random.nextBoolean()) {
      rules.add(
          "  - action: SCMP_ACT_ALLOW\n"
              + "    names:\n"
              + "    - personality\n"
              + "    args:\n"
              + "    - index: 0\n"
              + "      value: 0\n"
              + "      op: SCMP_CMP_EQ\n");
    } else if (withArgs) {
      rules.add(
          "  - action: SCMP_ACT_ALLOW\n"
              + "    names:\n"
              + "    - clone\n"
              + "    args:\n"
              + "    - index: 0\n"
              + "      value: 2114060288\n"
              + "      valueTwo: 0\n"
              + "      op: SCMP_CMP_MASKED_EQ\n");
    }
    return rules;
  }
}

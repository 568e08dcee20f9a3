package dev.seccompsync.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.seccompsync.testing.Processes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class SyscallTableTest {

  private static final SyscallTable TABLE = SyscallTable.load();

  private static final List<String> EXPECTED_ARCHES =
      List.of(
          "SCMP_ARCH_AARCH64",
          "SCMP_ARCH_ARM",
          "SCMP_ARCH_LOONGARCH64",
          "SCMP_ARCH_MIPS",
          "SCMP_ARCH_MIPS64",
          "SCMP_ARCH_MIPSEL",
          "SCMP_ARCH_MIPSEL64",
          "SCMP_ARCH_PPC",
          "SCMP_ARCH_PPC64",
          "SCMP_ARCH_PPC64LE",
          "SCMP_ARCH_RISCV64",
          "SCMP_ARCH_S390X",
          "SCMP_ARCH_X32",
          "SCMP_ARCH_X86",
          "SCMP_ARCH_X86_64");

  @Test
  void committedTablesAreExactlyWhatTheGeneratorWrites(@TempDir Path out) throws IOException {
    requireGo();
    var script = projectDirectory().resolve("src/main/syscalls/generate.sh");
    var run = Processes.run(List.of("bash", script.toString(), out.toString()), 600);
    assertThat(run.exitCode()).as("%s failed:%n%s", script, run.output()).isZero();

    var committed = tables(projectDirectory().resolve(resourceDirectory()));
    var generated = tables(out);
    assertThat(generated.keySet())
        .as("the tables generate.sh writes, against those in %s", resourceDirectory())
        .isEqualTo(committed.keySet());
    for (var file : committed.keySet()) {
      var regenerate = file + ": regenerate with src/main/syscalls/generate.sh and commit it";
      assertThat(Files.readAllLines(committed.get(file)))
          .as(regenerate)
          .containsExactlyElementsOf(Files.readAllLines(out.resolve(file)));
      assertThat(Files.mismatch(out.resolve(file), committed.get(file)))
          .as("%s (first differing byte)", regenerate)
          .isEqualTo(-1L);
    }
  }

  @Test
  void everyMappedArchitectureHasATable() {
    assertThat(TABLE.architectures()).containsExactlyElementsOf(EXPECTED_ARCHES);
    for (var arch : EXPECTED_ARCHES) {
      assertThat(TABLE.hasTable(arch)).isTrue();
      assertThat(TABLE.names(arch)).as(arch).hasSizeGreaterThan(300);
    }
    assertThat(TABLE.hasTable("SCMP_ARCH_S390")).isFalse();
    assertThat(TABLE.hasTable("SCMP_ARCH_NATIVE")).isFalse();
    assertThat(TABLE.knows("SCMP_ARCH_S390", "read")).isFalse();
    assertThat(TABLE.knows("amd64", "read")).as("only SCMP_ARCH_* names select a table").isFalse();
  }

  @Test
  void tablesAreSortedUniqueAndNameTheirSource() throws IOException {
    var directory = projectDirectory().resolve(resourceDirectory());
    for (var file : tables(directory).values()) {
      var lines = Files.readAllLines(file);
      assertThat(lines.get(0))
          .startsWith("# golang.org/x/sys v")
          .contains("unix/zsysnum_linux_")
          .endsWith(" via src/main/syscalls/generate.sh");
      var names = lines.subList(1, lines.size());
      assertThat(names).isSorted().doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z0-9_]+"));
    }
    assertThat(SyscallTable.source())
        .matches("golang\\.org/x/sys v\\d+\\.\\d+\\.\\d+ \\(unix/zsysnum_linux_\\*\\.go\\)");
  }

  @Test
  void knowsTheSyscallsOfEachArchitecture() {
    for (var arch : List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64")) {
      for (var name : List.of("read", "openat", "clone3", "execve", "exit_group", "umount2")) {
        assertThat(TABLE.knows(arch, name)).as("%s on %s", name, arch).isTrue();
      }
    }
    assertThat(TABLE.knows("SCMP_ARCH_X86_64", "open")).isTrue();
    assertThat(TABLE.knows("SCMP_ARCH_AARCH64", "open")).isFalse();
    assertThat(TABLE.knows("SCMP_ARCH_X86_64", "newfstatat")).isTrue();
    assertThat(TABLE.knows("SCMP_ARCH_X86", "fstatat64")).isTrue();
    assertThat(TABLE.knows("SCMP_ARCH_X86", "_llseek")).isTrue();
    assertThat(TABLE.knows("SCMP_ARCH_X86", "_newselect")).isTrue();
    assertThat(TABLE.knows("SCMP_ARCH_X86", "umount")).isTrue();
    assertThat(TABLE.knows("SCMP_ARCH_X86_64", "umount")).isFalse();
    assertThat(TABLE.knows("SCMP_ARCH_X86", "socketcall")).isTrue();
    assertThat(TABLE.knows("SCMP_ARCH_ARM", "cacheflush")).isTrue();
    assertThat(TABLE.knows("SCMP_ARCH_ARM", "set_tls")).isTrue();
    assertThat(TABLE.knows("SCMP_ARCH_RISCV64", "riscv_flush_icache")).isTrue();
    assertThat(TABLE.names("SCMP_ARCH_X32")).isEqualTo(TABLE.names("SCMP_ARCH_X86_64"));
    assertThat(TABLE.names("SCMP_ARCH_MIPSEL")).isEqualTo(TABLE.names("SCMP_ARCH_MIPS"));
  }

  @Test
  void socketcallIsAnX86CallAmongTheMainArchitectures() {
    for (var arch : List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64")) {
      assertThat(TABLE.knows(arch, "socketcall")).as(arch).isFalse();
    }
    assertThat(TABLE.knows("SCMP_ARCH_X86", "socketcall")).isTrue();
  }

  @Test
  void leavesOutWhatIsNoSyscall() {
    for (var name :
        List.of("opneat", "arch_specific_syscall", "syscall_mask", "reserved177", "unused109")) {
      assertThat(TABLE.knowsAnywhere(name)).as(name).isFalse();
      for (var arch : TABLE.architectures()) {
        assertThat(TABLE.knows(arch, name)).as("%s on %s", name, arch).isFalse();
      }
    }
    assertThat(TABLE.knowsAnywhere("READ")).as("names are matched exactly").isFalse();
    assertThat(TABLE.knowsAnywhere("socketcall")).isTrue();
    assertThat(TABLE.knowsAnywhere("open")).isTrue();
  }

  @Test
  void suggestsTheNearestKnownName() {
    var amd64 = List.of("SCMP_ARCH_X86_64");
    assertThat(TABLE.closest("opneat", amd64)).contains("openat");
    assertThat(TABLE.closest("opneat", List.of("SCMP_ARCH_AARCH64"))).contains("openat");
    assertThat(TABLE.closest("clone4", amd64)).contains("clone");
    assertThat(TABLE.closest("READ", amd64)).contains("read");
    assertThat(TABLE.closest("execve", amd64)).contains("execve");
    assertThat(TABLE.closest("epoll_wiat", amd64)).contains("epoll_wait");
    assertThat(TABLE.closest("completely_unknown", amd64)).isEmpty();
    assertThat(TABLE.closest("socketcal", amd64)).isEmpty();
    assertThat(TABLE.closest("socketcal", List.of("SCMP_ARCH_X86"))).contains("socketcall");
    assertThat(TABLE.closest("socketcal", List.of())).as("no tables: all").contains("socketcall");
    assertThat(TABLE.closest("socketcal", List.of("SCMP_ARCH_S390"))).contains("socketcall");
  }

  @Test
  void editDistanceCountsSwapsAsOneEdit() {
    assertThat(SyscallTable.distance("opneat", "openat", 3)).isEqualTo(1);
    assertThat(SyscallTable.distance("read", "read", 3)).isZero();
    assertThat(SyscallTable.distance("", "abc", 5)).isEqualTo(3);
    assertThat(SyscallTable.distance("kitten", "sitting", 5)).isEqualTo(3);
    assertThat(SyscallTable.distance("kitten", "sitting", 2)).isEqualTo(2);
    assertThat(SyscallTable.distance("ca", "abc", 5)).as("restricted: no edit twice").isEqualTo(3);
  }

  @Test
  void mapsArchitectureSpellingsToScmpNames() {
    assertThat(SyscallTable.scmpName("amd64")).contains("SCMP_ARCH_X86_64");
    assertThat(SyscallTable.scmpName("x86_64")).contains("SCMP_ARCH_X86_64");
    assertThat(SyscallTable.scmpName("aarch64")).contains("SCMP_ARCH_AARCH64");
    assertThat(SyscallTable.scmpName("arm64")).contains("SCMP_ARCH_AARCH64");
    for (var x86 : List.of("386", "i386", "i686", "x86", "X86")) {
      assertThat(SyscallTable.scmpName(x86)).as(x86).contains("SCMP_ARCH_X86");
    }
    assertThat(SyscallTable.scmpName("arm")).contains("SCMP_ARCH_ARM");
    assertThat(SyscallTable.scmpName("armhf")).contains("SCMP_ARCH_ARM");
    assertThat(SyscallTable.scmpName("x32")).contains("SCMP_ARCH_X32");
    assertThat(SyscallTable.scmpName("ppc64le")).contains("SCMP_ARCH_PPC64LE");
    assertThat(SyscallTable.scmpName("ppc64el")).contains("SCMP_ARCH_PPC64LE");
    assertThat(SyscallTable.scmpName("s390x")).contains("SCMP_ARCH_S390X");
    assertThat(SyscallTable.scmpName("riscv64")).contains("SCMP_ARCH_RISCV64");
    assertThat(SyscallTable.scmpName("mips64le")).contains("SCMP_ARCH_MIPSEL64");
    assertThat(SyscallTable.scmpName("mipsel64")).contains("SCMP_ARCH_MIPSEL64");
    assertThat(SyscallTable.scmpName("mipsle")).contains("SCMP_ARCH_MIPSEL");
    assertThat(SyscallTable.scmpName("loong64")).contains("SCMP_ARCH_LOONGARCH64");
    assertThat(SyscallTable.scmpName("SCMP_ARCH_X86_64")).contains("SCMP_ARCH_X86_64");
    assertThat(SyscallTable.scmpName("scmp_arch_aarch64")).contains("SCMP_ARCH_AARCH64");
    assertThat(SyscallTable.scmpName("SCMP_ARCH_NATIVE")).contains("SCMP_ARCH_NATIVE");
    assertThat(SyscallTable.scmpName(" arm64 ")).contains("SCMP_ARCH_AARCH64");
    assertThat(SyscallTable.scmpName("sparc64")).isEmpty();
    assertThat(SyscallTable.scmpName("SCMP_ARCH_X86_65")).isEmpty();
    assertThat(SyscallTable.scmpName("")).isEmpty();
    for (var arch : TABLE.architectures()) {
      assertThat(SyscallTable.scmpName(arch)).contains(arch);
    }
  }

  @Test
  void viewsCannotBeChanged() {
    Set<String> names = TABLE.names("SCMP_ARCH_X86_64");
    assertThatThrownBy(() -> names.add("made_up"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> TABLE.architectures().remove("SCMP_ARCH_X86"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(SyscallTable.load()).isSameAs(TABLE);
  }

  /** Go runs the generator; without it the test is skipped, except under CI, where it fails. */
  private static void requireGo() {
    if (onPath("go").isPresent()) {
      return;
    }
    var reason = "the reproducibility check runs src/main/syscalls/generate.sh, which needs go";
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + ", and go is not on PATH (CI=true: failing)");
    }
    throw new TestAbortedException(reason + ", and go is not on PATH");
  }

  private static Optional<Path> onPath(String command) {
    var path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static SortedMap<String, Path> tables(Path directory) throws IOException {
    var tables = new TreeMap<String, Path>();
    try (var files = Files.list(directory)) {
      files
          .filter(file -> file.getFileName().toString().matches("SCMP_ARCH_\\w+\\.txt"))
          .forEach(file -> tables.put(file.getFileName().toString(), file));
    }
    return tables;
  }

  private static String resourceDirectory() {
    return "src/main/resources" + SyscallTable.RESOURCE_DIRECTORY;
  }

  private static Path projectDirectory() {
    var configured = System.getProperty("seccompsync.projectDir");
    return Path.of(configured != null ? configured : ".").toAbsolutePath().normalize();
  }
}

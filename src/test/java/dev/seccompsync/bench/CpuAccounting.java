package dev.seccompsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine's CPU other work used while the benchmark ran, from {@code /proc}: the
 * machine's busy time ({@code /proc/stat}) less this JVM's and its waited-for children's ({@code
 * /proc/self/stat}: the CLI runs, kubectl, the start and stop scripts) less the API server's, which
 * runs detached. Anything else competed with the measured tools for the cores.
 */
final class CpuAccounting {
  private CpuAccounting() {}

  /** Clock ticks per second of {@code /proc} times; 100 on every Linux architecture in use. */
  private static final double TICKS = 100.0;

  /** The machine's busy and total ticks, and this process tree's ticks, at one moment. */
  record Snapshot(long busy, long total, long own) {}

  /** Now, or a snapshot of zeros where {@code /proc} cannot be read. */
  static Snapshot now() {
    try {
      var cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      long total = 0;
      // user nice system idle iowait irq softirq steal (guest time is counted in user)
      for (int i = 1; i <= 8 && i < cpu.length; i++) {
        long ticks = Long.parseLong(cpu[i]);
        total += ticks;
        if (i != 4 && i != 5) {
          busy += ticks;
        }
      }
      return new Snapshot(busy, total, processTicks("self", true));
    } catch (IOException | RuntimeException e) {
      return new Snapshot(0, 0, 0);
    }
  }

  /** User and system ticks of a process, with those of its reaped children if asked. */
  static long processTicks(String pid, boolean withChildren) {
    try {
      var stat = Files.readString(Path.of("/proc", pid, "stat"));
      var fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // fields[0] is field 3 (state); utime, stime, cutime, cstime are fields 14 to 17
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      if (withChildren) {
        ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
      }
      return ticks;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Other work's share of the machine between two snapshots, as a sentence.
   *
   * @param serverTicks the CPU ticks the API server used in between
   */
  static String others(Snapshot start, Snapshot end, long serverTicks) {
    long total = end.total() - start.total();
    if (total <= 0) {
      return "unknown";
    }
    long others = (end.busy() - start.busy()) - (end.own() - start.own()) - serverTicks;
    others = Math.max(0, others);
    double share = 100.0 * others / total;
    return "%.0f%% of the machine (%.0f core-seconds over %.0f s)%s"
        .formatted(
            share,
            others / TICKS,
            total / TICKS / Runtime.getRuntime().availableProcessors(),
            share > 10 ? "; BUSY: the times are inflated" : "");
  }
}

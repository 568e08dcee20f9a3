package dev.seccompsync.bench;

import dev.seccompsync.bench.DriftBenchmark.SizeResult;
import dev.seccompsync.bench.DriftBenchmark.Stats;
import dev.seccompsync.bench.DriftBenchmark.ToolRuns;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's figures as a plain-text table with notes, and as tab-separated values. */
final class Report {
  private Report() {}

  private static final String ROW = "%6s  %-35s  %9s  %-19s  %-35s  %-46s  %s%n";

  static String render(List<SizeResult> results, List<String> failures, String header) {
    var out = new StringBuilder(header);
    out.append(
        """

        Wall time: median of the timed runs (min..max); each round runs the tools in turn
        on the same server and repository. The in-process drift is warmed up by one untimed run
        first, kubectl's discovery cache by a kubectl diff of ten profiles. Requests by verb:
        in-process from RequestLog, CLI and plugin from their JSON reports, kubectl from its
        -v=6 log. Memory: the in-process drift's heap (HeapSampler), the processes' max RSS.
        kubectl/this: kubectl's median wall time divided by this row's.

        """);
    out.append(
        ROW.formatted("N", "tool", "wall", "min..max", "requests", "memory", "kubectl/this"));
    for (var r : results) {
      double kubectl = r.kubectl().median();
      row(out, r, r.inProcess(), heap(r.inProcess()), kubectl);
      row(out, r, r.cli(), rss(r.cli()), kubectl);
      if (r.plugin() != null) {
        row(out, r, r.plugin(), rss(r.plugin()), kubectl);
      }
      row(out, r, r.kubectl(), rss(r.kubectl()), kubectl);
      out.append('\n');
    }
    for (var r : results) {
      out.append("N = %d (%d timed runs per tool)%n".formatted(r.n(), r.repeats()));
      out.append("  other processes' CPU during this size: %s%n".formatted(r.otherWork()));
      out.append(
          "  input: %d files, %.1f MiB of YAML in one Git commit%n"
              .formatted(r.files(), r.repoBytes() / (1024.0 * 1024)));
      out.append(
          "  seeding (seccomp-sync apply, in-process): %s; requests %s%n"
              .formatted(Stats.duration(r.seedMillis()), Stats.verbs(r.seedRequests())));
      var timed = r.inProcess().timed();
      out.append(
          "  in-process split (median): Git read + YAML parse %s, connect + drift %s;"
                  .formatted(
                      Stats.duration(
                          Stats.median(
                              timed.stream()
                                  .mapToDouble(DriftBenchmark.Sample::loadMillis)
                                  .toArray())),
                      Stats.duration(
                          Stats.median(
                              timed.stream()
                                  .mapToDouble(DriftBenchmark.Sample::engineMillis)
                                  .toArray())))
              + " warm-up run %s%n".formatted(Stats.duration(r.inProcess().warmUp().millis())));
      out.append(
          ("  drift reported: %s (not-installed is expected: no operator runs; changed and"
                  + " missing must be 0)%n")
              .formatted(r.driftCategories().isEmpty() ? "nothing" : r.driftCategories()));
      out.append(
          "  profiles' resourceVersions unchanged after all runs: %s%n"
              .formatted(r.resourceVersionsUnchanged() ? "yes" : "NO"));
      r.profileSummary().forEach(line -> out.append("  ").append(line).append('\n'));
      out.append('\n');
    }
    if (failures.isEmpty()) {
      out.append(
          "No-op checks passed: no changed or missing object, no failure, no write request,"
              + " kubectl diff exit 0, resourceVersions unchanged.\n");
    } else {
      out.append("NO-OP CHECKS FAILED:\n");
      failures.forEach(f -> out.append("  ").append(f).append('\n'));
    }
    return out.toString();
  }

  private static void row(
      StringBuilder out, SizeResult r, ToolRuns runs, String memory, double kubectlMedian) {
    double median = runs.median();
    out.append(
        ROW.formatted(
            r.n(),
            runs.tool(),
            Stats.duration(median),
            Stats.duration(runs.min()) + ".." + Stats.duration(runs.max()),
            requests(runs),
            memory,
            median > 0 ? "%.1fx".formatted(kubectlMedian / median) : "-"));
  }

  /** The requests of the first timed run, marked when another run sent different ones. */
  private static String requests(ToolRuns runs) {
    var distinct = runs.timed().stream().map(DriftBenchmark.Sample::requests).distinct().toList();
    if (distinct.isEmpty()) {
      return "-";
    }
    return Stats.verbs(distinct.get(0)) + (distinct.size() > 1 ? " (differs between runs)" : "");
  }

  private static String heap(ToolRuns runs) {
    var used = new ArrayList<Long>();
    var afterGc = new ArrayList<Long>();
    var collections = new ArrayList<Long>();
    for (var s : runs.timed()) {
      used.add(s.heap().peakUsed());
      afterGc.add(s.heap().peakAfterGc());
      collections.add(s.heap().collections());
    }
    return "heap %s peak, %s after GC (%d GCs)"
        .formatted(
            Stats.mib(Stats.medianLong(used)),
            Stats.mib(Stats.medianLong(afterGc)),
            Stats.medianLong(collections));
  }

  private static String rss(ToolRuns runs) {
    var rss = runs.timed().stream().map(DriftBenchmark.Sample::rssKiB).toList();
    long median = Stats.medianLong(rss);
    return median < 0 ? "-" : "max RSS " + Stats.mib(median * 1024);
  }

  static String tsv(List<SizeResult> results) {
    var out =
        new StringBuilder(
            "n\ttool\tmedian_ms\tmin_ms\tmax_ms\trequests\theap_peak_bytes\theap_after_gc_bytes"
                + "\tmax_rss_kib\n");
    for (var r : results) {
      var tools = new ArrayList<ToolRuns>(List.of(r.inProcess(), r.cli()));
      if (r.plugin() != null) {
        tools.add(r.plugin());
      }
      tools.add(r.kubectl());
      for (var runs : tools) {
        var heap = runs.timed().isEmpty() ? null : runs.timed().get(0).heap();
        out.append(
            "%d\t%s\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s\t%d%n"
                .formatted(
                    r.n(),
                    runs.tool(),
                    runs.median(),
                    runs.min(),
                    runs.max(),
                    requests(runs),
                    heap == null
                        ? "-"
                        : Long.toString(
                            Stats.medianLong(
                                runs.timed().stream().map(s -> s.heap().peakUsed()).toList())),
                    heap == null
                        ? "-"
                        : Long.toString(
                            Stats.medianLong(
                                runs.timed().stream().map(s -> s.heap().peakAfterGc()).toList())),
                    Stats.medianLong(
                        runs.timed().stream().map(DriftBenchmark.Sample::rssKiB).toList())));
      }
    }
    return out.toString();
  }
}

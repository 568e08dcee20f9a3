package dev.seccompsync.bench;

import dev.seccompsync.bench.DriftBenchmark.Stats;
import dev.seccompsync.cluster.CatalogReader;
import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.LiveReader;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.cluster.ServerApply;
import dev.seccompsync.diff.DesiredState;
import dev.seccompsync.diff.DriftAnalysis;
import dev.seccompsync.diff.LiveState;
import dev.seccompsync.diff.PlanOptions;
import dev.seccompsync.diff.Planner;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.sync.Source;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Shows where an in-process drift spends its time, two ways: a JDK Flight Recorder recording of a
 * few runs, summarised as the hottest methods (own samples) and the seccomp-sync methods most often
 * on the stack; and the engine's steps timed one by one, called through their public API in the
 * order {@code SyncEngine.drift} calls them.
 */
final class DriftProfiler {
  private DriftProfiler() {}

  private static final int TOP = 15;

  /** Records {@code runs} runs of {@code work} into {@code file}; returns the summary lines. */
  static List<String> profile(Path file, int runs, Runnable work) {
    try (var recording = new Recording(Configuration.getConfiguration("profile"))) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      recording.start();
      for (int i = 0; i < runs; i++) {
        work.run();
      }
      recording.stop();
      recording.dump(file);
      return summarise(file, runs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalStateException("JFR has no 'profile' configuration", e);
    }
  }

  private static List<String> summarise(Path file, int runs) throws IOException {
    var own = new HashMap<String, Long>();
    var onStack = new HashMap<String, Long>();
    long samples = 0;
    for (var event : RecordingFile.readAllEvents(file)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStackTrace() == null) {
        continue;
      }
      var frames = event.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      samples++;
      own.merge(name(frames.get(0)), 1L, Long::sum);
      var seen = new HashSet<String>();
      for (var frame : frames) {
        var name = name(frame);
        if (name.startsWith("dev.seccompsync.") && !name.startsWith("dev.seccompsync.bench.")) {
          if (seen.add(name)) {
            onStack.merge(name, 1L, Long::sum);
          }
        }
      }
    }
    var lines = new ArrayList<String>();
    lines.add(
        "JFR profile of %d in-process drift runs: %d execution samples (every 10 ms per running"
                .formatted(runs, samples)
            + " thread), recording %s".formatted(file));
    lines.add("  hottest methods (own samples):");
    top(own, samples).forEach(l -> lines.add("    " + l));
    lines.add("  seccomp-sync methods on the stack (inclusive samples):");
    top(onStack, samples).forEach(l -> lines.add("    " + l));
    return lines;
  }

  private static String name(RecordedFrame frame) {
    var method = frame.getMethod();
    return method.getType().getName() + "." + method.getName();
  }

  private static List<String> top(Map<String, Long> counts, long total) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(TOP)
        .map(
            e ->
                "%5.1f%%  %6d  %s"
                    .formatted(100.0 * e.getValue() / Math.max(1, total), e.getValue(), e.getKey()))
        .toList();
  }

  /**
   * Times the steps of a drift one by one, {@code runs} times each, and returns the medians. The
   * LIST step is timed twice: as fabric8's paged list alone (HTTP and JSON into fabric8's objects)
   * and as {@link LiveState#read}, which also turns every object into a Jackson tree.
   */
  static List<String> phases(KubeOptions options, Supplier<Source> sources, int runs) {
    var timings = new LinkedHashMap<String, List<Double>>();
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      var source = sources.get();
      t = lap(timings, "Git read + YAML parse (SourceLoader.load)", t);
      try (var client = KubeClients.connect(options, new RequestLog())) {
        var catalog = new CatalogReader(client).read();
        t = lap(timings, "connect + CatalogReader.read (CRD GETs)", t);
        var desired = DesiredState.resolve(source.manifests(), catalog, client.getNamespace());
        t = lap(timings, "DesiredState.resolve", t);
        var info = catalog.kinds().get(SpoKind.SECCOMP_PROFILE);
        var context =
            new ResourceDefinitionContext.Builder()
                .withGroup(SpoKind.GROUP)
                .withVersion(info.storageVersion())
                .withPlural(info.kind().plural())
                .withKind(info.kind().kind())
                .withNamespaced(info.namespaced())
                .build();
        String token = null;
        do {
          var page =
              client
                  .genericKubernetesResources(context)
                  .list(
                      new ListOptionsBuilder()
                          .withLimit(LiveReader.PAGE_SIZE)
                          .withContinue(token)
                          .build());
          token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        t = lap(timings, "  (fabric8 paged LIST of SeccompProfiles alone)", t);
        var live =
            LiveState.read(
                new LiveReader(client), catalog, desired.versionsInUse(), true, new ArrayList<>());
        t = lap(timings, "LiveState.read (LISTs of every kind + Jackson trees)", t);
        var plans =
            new Planner(new ServerApply(client), PlanOptions.defaults())
                .planAll(desired.objects(), live);
        t = lap(timings, "Planner.planAll (normalize + local comparison)", t);
        DriftAnalysis.analyse(plans, live, null);
        lap(timings, "DriftAnalysis.analyse", t);
      }
    }
    var lines = new ArrayList<String>();
    lines.add("engine steps, timed one by one (median of %d):".formatted(runs));
    timings.forEach(
        (step, values) ->
            lines.add(
                "  %-56s %s"
                    .formatted(
                        step,
                        Stats.duration(
                            Stats.median(
                                values.stream().mapToDouble(Double::doubleValue).toArray())))));
    return lines;
  }

  private static long lap(Map<String, List<Double>> timings, String step, long since) {
    long now = System.nanoTime();
    timings.computeIfAbsent(step, k -> new ArrayList<>()).add((now - since) / 1e6);
    return now;
  }
}

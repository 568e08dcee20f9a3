package dev.seccompsync.bench;

import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.cluster.CatalogReader;
import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.LiveReader;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.DriftCategory;
import dev.seccompsync.diff.PlanOptions;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.manifest.Problem;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.sync.Source;
import dev.seccompsync.sync.SourceLoader;
import dev.seccompsync.sync.SyncEngine;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures a no-op {@code seccomp-sync drift} at scale next to {@code kubectl diff --server-side},
 * on the same local API server and the same Git input.
 *
 * <p>For each size N: start a fresh local kube-apiserver with the generation-C SPO CRDs, generate N
 * SeccompProfiles into a Git repository, apply them with seccomp-sync's own engine, then run, in
 * turn and on that unchanged server, {@code drift} in this JVM through the engine API (fresh client
 * each time), {@code drift} as a CLI process ({@code java -jar target/seccomp-sync.jar}, and
 * through the kubectl plugin launcher {@code plugin/kubectl-seccomp_sync}, which adds its JVM flags
 * and a class-data sharing archive recorded by one untimed first run) and {@code kubectl diff
 * --server-side -R -f profiles/}, each {@code --repeats} times ({@code --large-repeats} from N =
 * {@value #LARGE}), and reports the median. The in-process drift runs once more first, untimed, to
 * warm up the JIT; kubectl's discovery cache is filled first by a {@code kubectl diff} of the ten
 * base profiles. kubectl runs with {@code -v=6}, whose log gives its requests.
 *
 * <p>Every run is checked to be a no-op: no changed or missing object, no failure, no write
 * request, kubectl exiting 0, and every profile's resourceVersion the same after all runs as
 * before. The exit code is 1 when a check fails.
 *
 * <p>Usage: {@code DriftBenchmark --project DIR [--sizes 100,1000] [--repeats 3] [--large-repeats
 * 1] [--profile] [--keep-servers] [--label TEXT]}; {@code src/test/bench/run.sh} builds the project
 * and calls it.
 */
public final class DriftBenchmark {

  static final String IN_PROCESS = "seccomp-sync drift, in-process";
  static final String CLI = "seccomp-sync drift, java -jar";
  static final String PLUGIN = "seccomp-sync drift, plugin launcher";
  static final String KUBECTL = "kubectl diff --server-side";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long PROCESS_TIMEOUT_SECONDS = 1800;

  /** From this size on, each tool runs {@code --large-repeats} times. */
  static final int LARGE = 5000;

  private final Path project;
  private final Path work;
  private final List<Integer> sizes;
  private final int repeats;
  private final int largeRepeats;
  private final boolean profile;
  private final boolean keepServers;
  private final String label;
  private final List<String> failures = new ArrayList<>();
  private final boolean haveTime = Files.isExecutable(Path.of("/usr/bin/time"));
  private boolean pluginArchiveRecorded;

  private DriftBenchmark(
      Path project,
      List<Integer> sizes,
      int repeats,
      int largeRepeats,
      boolean profile,
      boolean keepServers,
      String label) {
    this.project = project;
    this.work = project.resolve("target/bench");
    this.sizes = sizes;
    this.repeats = repeats;
    this.largeRepeats = largeRepeats;
    this.profile = profile;
    this.keepServers = keepServers;
    this.label = label;
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty(
        "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils",
        "error");
    Path project = Path.of(".");
    var sizes = List.of(100, 1000);
    int repeats = 3;
    int largeRepeats = 1;
    boolean profile = false;
    boolean keepServers = false;
    String label = "";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--project" -> project = Path.of(args[++i]);
        case "--sizes" ->
            sizes =
                List.of(args[++i].split(",")).stream()
                    .map(String::trim)
                    .map(Integer::parseInt)
                    .toList();
        case "--repeats" -> repeats = Integer.parseInt(args[++i]);
        case "--large-repeats" -> largeRepeats = Integer.parseInt(args[++i]);
        case "--profile" -> profile = true;
        case "--keep-servers" -> keepServers = true;
        case "--label" -> label = args[++i];
        default -> {
          System.err.println("DriftBenchmark: unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    var benchmark =
        new DriftBenchmark(
            project.toAbsolutePath().normalize(),
            sizes,
            Math.max(1, repeats),
            Math.max(1, largeRepeats),
            profile,
            keepServers,
            label);
    System.exit(benchmark.run());
  }

  /** One measured run of one tool. */
  record Sample(
      double millis,
      Map<String, Long> requests,
      long rssKiB,
      HeapSampler.Heap heap,
      double loadMillis,
      double engineMillis) {}

  /** Every timed run of one tool at one size, and the untimed warm-up run, or {@code null}. */
  record ToolRuns(String tool, Sample warmUp, List<Sample> timed) {
    double median() {
      return Stats.median(timed.stream().mapToDouble(Sample::millis).toArray());
    }

    double min() {
      return timed.stream().mapToDouble(Sample::millis).min().orElse(0);
    }

    double max() {
      return timed.stream().mapToDouble(Sample::millis).max().orElse(0);
    }
  }

  /** The results at one size. */
  record SizeResult(
      int n,
      int repeats,
      String otherWork,
      int files,
      long repoBytes,
      double seedMillis,
      Map<String, Long> seedRequests,
      ToolRuns inProcess,
      ToolRuns cli,
      ToolRuns plugin,
      ToolRuns kubectl,
      Map<String, Long> driftCategories,
      boolean resourceVersionsUnchanged,
      List<String> profileSummary) {}

  private int run() {
    var results = new ArrayList<SizeResult>();
    try {
      Files.createDirectories(work);
      var jar = project.resolve("target/seccomp-sync.jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing; run mvn -B package -DskipTests");
      }
      for (int n : sizes) {
        results.add(measure(n, jar));
      }
    } catch (IOException e) {
      failures.add("benchmark aborted: " + e);
    } catch (RuntimeException e) {
      e.printStackTrace();
      failures.add("benchmark aborted: " + e);
    }
    var report = Report.render(results, failures, header());
    System.out.print(report);
    try {
      Files.writeString(work.resolve("results.txt"), report, StandardCharsets.UTF_8);
      Files.writeString(work.resolve("results.tsv"), Report.tsv(results), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.err.println("written: " + work.resolve("results.txt"));
    return failures.isEmpty() ? 0 : 1;
  }

  private String header() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    long memory =
        os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
    var kubectl = Processes.run(List.of("kubectl", "version", "--client"), 30).output().trim();
    return String.join(
        "\n",
        "seccomp-sync drift benchmark, "
            + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            + (label.isEmpty() ? "" : ", " + label),
        "machine: %d cores, %.1f GiB memory, %s %s"
            .formatted(
                os.getAvailableProcessors(),
                memory / (1024.0 * 1024 * 1024),
                os.getName(),
                os.getArch()),
        "java: %s (%s), benchmark JVM max heap %d MiB, GC %s"
            .formatted(
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(gc -> gc.getName())
                    .collect(Collectors.joining(", "))),
        "kubectl: " + kubectl.replace('\n', ' '),
        "");
  }

  private SizeResult measure(int n, Path jar) {
    var dir = work.resolve("n-" + n);
    deleteRecursively(dir);
    var cpuStart = CpuAccounting.now();
    var kubeconfig = dir.resolve("kubeconfig");
    var repo = dir.resolve("repo");
    progress(n, "starting a local API server (SPO generation C)");
    startServer(kubeconfig);
    try {
      progress(n, "generating %d SeccompProfiles into a Git repository".formatted(n));
      var files = ProfileGenerator.files(n);
      long repoBytes = files.values().stream().mapToLong(String::length).sum();
      try (var git = GitRepos.init(repo)) {
        git.commit("%d SeccompProfiles".formatted(n), files);
      }
      int fileCount = files.size();
      files = null;

      progress(n, "seeding the server with seccomp-sync apply");
      var seedRequests = new RequestLog();
      long seedStart = System.nanoTime();
      var seeded = seed(repo, kubeconfig, seedRequests);
      double seedMillis = millisSince(seedStart);
      checkSeed(n, seeded, seedRequests);
      var before = resourceVersions(kubeconfig);
      if (before.size() != n) {
        failures.add("N=%d: %d profiles on the server after seeding".formatted(n, before.size()));
      }

      int runs = n >= LARGE ? largeRepeats : repeats;
      var categories = new TreeMap<String, Long>();
      progress(n, "warm-up: in-process drift, kubectl's discovery cache");
      var warmUp = inProcess(n, repo, kubeconfig, categories);
      kubectl(n, repo.resolve(ProfileGenerator.DIRECTORY + "/base"), kubeconfig, dir, "warm-up");
      var inProcess = new ArrayList<Sample>();
      var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      var jarLauncher = List.of(java, "-jar", jar.toString());
      var plugin = project.resolve("plugin/kubectl-seccomp_sync");
      boolean havePlugin = Files.isExecutable(plugin);
      var pluginEnv =
          Map.of(
              "SECCOMP_SYNC_JAR", jar.toString(),
              "JAVA_HOME", System.getProperty("java.home"),
              "XDG_CACHE_HOME", work.resolve("cache").toString());
      if (havePlugin && !pluginArchiveRecorded) {
        progress(n, "recording the plugin launcher's class-data sharing archive (untimed)");
        cli(n, List.of(plugin.toString()), pluginEnv, repo, kubeconfig, dir.resolve("plugin-0"));
        pluginArchiveRecorded = true;
      }
      var cli = new ArrayList<Sample>();
      var plugins = new ArrayList<Sample>();
      var kubectl = new ArrayList<Sample>();
      for (int round = 1; round <= runs; round++) {
        progress(n, "round %d of %d".formatted(round, runs));
        inProcess.add(inProcess(n, repo, kubeconfig, categories));
        cli.add(cli(n, jarLauncher, Map.of(), repo, kubeconfig, dir.resolve("cli-" + round)));
        if (havePlugin) {
          plugins.add(
              cli(
                  n,
                  List.of(plugin.toString()),
                  pluginEnv,
                  repo,
                  kubeconfig,
                  dir.resolve("plugin-" + round)));
        }
        kubectl.add(
            kubectl(
                n, repo.resolve(ProfileGenerator.DIRECTORY), kubeconfig, dir, "kubectl-" + round));
      }
      List<String> profileSummary = List.of();
      if (profile) {
        progress(n, "profiling the in-process drift with JDK Flight Recorder");
        var lines = new ArrayList<String>();
        lines.addAll(
            DriftProfiler.phases(options(kubeconfig), () -> load(repo), Math.max(3, repeats)));
        lines.addAll(
            DriftProfiler.profile(
                dir.resolve("drift.jfr"),
                Math.max(3, repeats),
                () -> inProcess(n, repo, kubeconfig, new TreeMap<>())));
        profileSummary = lines;
      }
      var after = resourceVersions(kubeconfig);
      boolean unchanged = before.equals(after);
      if (!unchanged) {
        failures.add("N=%d: profiles' resourceVersions changed during the runs".formatted(n));
      }
      var otherWork = CpuAccounting.others(cpuStart, CpuAccounting.now(), serverTicks(kubeconfig));
      return new SizeResult(
          n,
          runs,
          otherWork,
          fileCount,
          repoBytes,
          seedMillis,
          seedRequests.byVerb(),
          new ToolRuns(IN_PROCESS, warmUp, inProcess),
          new ToolRuns(CLI, null, cli),
          havePlugin ? new ToolRuns(PLUGIN, null, plugins) : null,
          new ToolRuns(KUBECTL, null, kubectl),
          categories,
          unchanged,
          profileSummary);
    } finally {
      if (keepServers) {
        System.err.printf(
            "[N=%d] server left running: kubectl --kubeconfig %s; stop it with"
                + " examples/local-cluster/stop.sh --kubeconfig %s%n",
            n, kubeconfig, kubeconfig);
      } else {
        stopServer(kubeconfig);
      }
    }
  }

  private RunResult seed(Path repo, Path kubeconfig, RequestLog requests) {
    var source = load(repo);
    try (var client = KubeClients.connect(options(kubeconfig), requests)) {
      return new SyncEngine(client, requests).apply(source, ApplyOptions.defaults(), false);
    }
  }

  private void checkSeed(int n, RunResult seeded, RequestLog requests) {
    long created = seeded.objects().stream().filter(o -> o.action() == Action.CREATED).count();
    if (created != n || seeded.hasErrors()) {
      failures.add(
          "N=%d: seeding created %d of %d profiles; problems: %s"
              .formatted(n, created, n, errors(seeded.problems())));
      throw new IllegalStateException("seeding failed at N=" + n);
    }
  }

  /** drift through the engine API, with a fresh client, timed from reading Git to the result. */
  Sample inProcess(int n, Path repo, Path kubeconfig, Map<String, Long> categories) {
    var sampler = new HeapSampler();
    sampler.start();
    long start = System.nanoTime();
    var source = load(repo);
    long loaded = System.nanoTime();
    var requests = new RequestLog();
    RunResult result;
    try (var client = KubeClients.connect(options(kubeconfig), requests)) {
      result = new SyncEngine(client, requests).drift(source, PlanOptions.defaults());
    }
    long end = System.nanoTime();
    var heap = sampler.stop();

    var counts = new EnumMap<DriftCategory, Long>(DriftCategory.class);
    result.objects().stream()
        .filter(o -> o.category() != null)
        .forEach(o -> counts.merge(o.category(), 1L, Long::sum));
    categories.clear();
    counts.forEach((c, k) -> categories.put(c.wireName(), k));
    long failed = result.objects().stream().filter(o -> o.action() == Action.FAILED).count();
    long changed = counts.getOrDefault(DriftCategory.CHANGED, 0L);
    long missing = counts.getOrDefault(DriftCategory.MISSING, 0L);
    if (changed + missing + failed > 0 || requests.writes() > 0 || result.hasErrors()) {
      failures.add(
          "N=%d in-process drift is not a no-op: changed %d, missing %d, failed %d, writes %d,"
                  .formatted(n, changed, missing, failed, requests.writes())
              + " errors "
              + errors(result.problems()));
    }
    return new Sample(
        (end - start) / 1e6,
        requests.byVerb(),
        -1,
        heap,
        (loaded - start) / 1e6,
        (end - loaded) / 1e6);
  }

  /** {@code drift -o json} as a process started by {@code launcher}; checked from its report. */
  private Sample cli(
      int n,
      List<String> launcher,
      Map<String, String> env,
      Path repo,
      Path kubeconfig,
      Path prefix) {
    var command = new ArrayList<>(launcher);
    command.addAll(
        List.of(
            "drift",
            "--repo",
            repo.toString(),
            "--kubeconfig",
            kubeconfig.toString(),
            "-o",
            "json"));
    var run = timed(command, env, prefix);
    JsonNode report;
    try {
      report = JSON.readTree(Files.readString(run.stdout()));
    } catch (IOException | RuntimeException e) {
      failures.add(
          "N=%d %s drift: output is not JSON (exit %d)"
              .formatted(n, launcher.get(launcher.size() - 1), run.exitCode()));
      return new Sample(run.millis(), Map.of(), run.rssKiB(), null, -1, -1);
    }
    var summary = report.path("summary");
    var requests = new TreeMap<String, Long>();
    report
        .path("requests")
        .properties()
        .forEach(e -> requests.put(e.getKey(), e.getValue().asLong()));
    long changed = summary.path("changed").asLong();
    long missing = summary.path("missing").asLong();
    long errors = summary.path("errors").asLong();
    long writes = KubectlRequests.writes(requests);
    // drift exits 1 when it reports anything; here that is every profile being not-installed.
    if (changed + missing + errors + writes > 0 || run.exitCode() > 1) {
      failures.add(
          "N=%d %s drift is not a no-op: exit %d, changed %d, missing %d, errors %d, writes %d"
              .formatted(
                  n,
                  launcher.get(launcher.size() - 1),
                  run.exitCode(),
                  changed,
                  missing,
                  errors,
                  writes));
    }
    return new Sample(run.millis(), requests, run.rssKiB(), null, -1, -1);
  }

  /** {@code kubectl diff --server-side -v=6} of a directory; its requests come from the log. */
  private Sample kubectl(int n, Path directory, Path kubeconfig, Path dir, String name) {
    var command =
        List.of(
            "kubectl",
            "--kubeconfig",
            kubeconfig.toString(),
            "--cache-dir",
            dir.resolve("kubectl-cache").toString(),
            "diff",
            "--server-side",
            "-R",
            "-f",
            directory.toString(),
            "-v=6");
    var run = timed(command, Map.of(), dir.resolve(name));
    Map<String, Long> requests;
    try {
      if (run.exitCode() != 0) {
        failures.add(
            "N=%d kubectl diff exited %d (0 means no differences); see %s"
                .formatted(n, run.exitCode(), run.stdout()));
      }
      requests = KubectlRequests.count(Files.readString(run.stderr()));
      if (KubectlRequests.writes(requests) > 0) {
        failures.add("N=%d kubectl diff sent writes: %s".formatted(n, requests));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Sample(run.millis(), requests, run.rssKiB(), null, -1, -1);
  }

  private record Timed(int exitCode, double millis, long rssKiB, Path stdout, Path stderr) {}

  /** Runs a process with stdout and stderr in files; wall time around the whole process. */
  private Timed timed(List<String> command, Map<String, String> env, Path prefix) {
    var stdout = Path.of(prefix + ".out");
    var stderr = Path.of(prefix + ".err");
    var timeFile = Path.of(prefix + ".time");
    var full = new ArrayList<String>();
    if (haveTime) {
      full.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", timeFile.toString()));
    }
    full.addAll(command);
    try {
      var builder =
          new ProcessBuilder(full)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().remove("KUBECTL_EXTERNAL_DIFF");
      builder.environment().remove("JAVA_TOOL_OPTIONS");
      builder.environment().remove("KUBECONFIG");
      builder.environment().remove("SECCOMP_SYNC_JAVA_OPTS");
      builder.environment().putAll(env);
      long start = System.nanoTime();
      var process = builder.start();
      if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      double millis = millisSince(start);
      long rss = -1;
      if (haveTime && Files.exists(timeFile)) {
        var lines = Files.readAllLines(timeFile);
        if (!lines.isEmpty()) {
          rss = Long.parseLong(lines.get(lines.size() - 1).trim());
        }
      }
      return new Timed(process.exitValue(), millis, rss, stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Each profile's name and resourceVersion, read with paged LISTs. */
  private Map<String, String> resourceVersions(Path kubeconfig) {
    try (var client = KubeClients.connect(options(kubeconfig), new RequestLog())) {
      var info = new CatalogReader(client).read().kinds().get(SpoKind.SECCOMP_PROFILE);
      var versions = new TreeMap<String, String>();
      for (var object : new LiveReader(client).list(info, info.storageVersion())) {
        versions.put(
            object.path("metadata").path("name").asString(),
            object.path("metadata").path("resourceVersion").asString());
      }
      return versions;
    }
  }

  private Source load(Path repo) {
    var git = new GitSource(work.resolve("git-cache"), null);
    return new SourceLoader(git, LoadOptions.defaults())
        .load(new SourceSpec(repo.toString(), null, List.of()));
  }

  private static KubeOptions options(Path kubeconfig) {
    return new KubeOptions(kubeconfig.toString(), null, null, null);
  }

  private static String errors(List<Problem> problems) {
    var errors = problems.stream().filter(Problem::isError).map(Problem::message).toList();
    return errors.isEmpty() ? "none" : errors.size() + " (first: " + errors.get(0) + ")";
  }

  private void startServer(Path kubeconfig) {
    try {
      Files.createDirectories(kubeconfig.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var script = project.resolve("examples/local-cluster/start.sh");
    var result =
        Processes.run(
            List.of(
                script.toString(), "--kubeconfig", kubeconfig.toString(), "--spo-generation", "C"),
            PROCESS_TIMEOUT_SECONDS);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "start.sh failed (exit %d):%n%s".formatted(result.exitCode(), result.output()));
    }
    if (!keepServers) {
      // A run interrupted by Ctrl-C still stops the server.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stopServer(kubeconfig)));
    }
  }

  private void stopServer(Path kubeconfig) {
    if (Files.exists(Path.of(kubeconfig + ".pid"))) {
      var script = project.resolve("examples/local-cluster/stop.sh");
      Processes.run(List.of(script.toString(), "--kubeconfig", kubeconfig.toString()), 60);
    }
  }

  /** The CPU ticks the API server of this kubeconfig has used so far. */
  private static long serverTicks(Path kubeconfig) {
    try {
      var pid = Files.readString(Path.of(kubeconfig + ".pid")).trim();
      return CpuAccounting.processTicks(pid, false);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void progress(int n, String message) {
    System.err.printf(Locale.ROOT, "[N=%d] %s%n", n, message);
  }

  private static double millisSince(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Medians and formatting. */
  static final class Stats {
    private Stats() {}

    static double median(double[] values) {
      if (values.length == 0) {
        return 0;
      }
      var sorted = values.clone();
      java.util.Arrays.sort(sorted);
      int mid = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static long medianLong(List<Long> values) {
      return Math.round(median(values.stream().mapToDouble(Long::doubleValue).toArray()));
    }

    static String duration(double millis) {
      if (millis < 0) {
        return "-";
      }
      if (millis < 1000) {
        return "%.0f ms".formatted(millis);
      }
      return "%.2f s".formatted(millis / 1000);
    }

    static String mib(long bytes) {
      return bytes < 0 ? "-" : "%d MiB".formatted(Math.round(bytes / (1024.0 * 1024)));
    }

    static String verbs(Map<String, Long> requests) {
      if (requests == null || requests.isEmpty()) {
        return "-";
      }
      var ordered = new LinkedHashMap<String, Long>();
      requests.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> ordered.put(e.getKey(), e.getValue()));
      return ordered.entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue())
          .collect(Collectors.joining(", "));
    }
  }
}

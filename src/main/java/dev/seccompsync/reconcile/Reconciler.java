package dev.seccompsync.reconcile;

import dev.seccompsync.SeccompSyncException;
import dev.seccompsync.cluster.EventRecorder;
import dev.seccompsync.cluster.EventRecorder.Type;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.sync.Source;
import dev.seccompsync.sync.SourceLoader;
import dev.seccompsync.sync.SyncEngine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop. It polls Git every interval (a cheap check; the tree is read only when the
 * revision moved), and runs a pass when Git moved, when the watch cache saw a change (a burst of
 * changes is gathered for the debounce time), when a held object's backoff ends, and at least once
 * per interval. A pass is the engine's {@code apply} (heal) or {@code drift} (detect) over the
 * watch cache, so it costs no LIST. A failed pass is retried with exponential backoff; a failed
 * object is held back on its own, so that it never stops the others.
 */
final class Reconciler implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final Object SIGNAL = new Object();

  private final KubernetesClient client;
  private final RequestLog requests;
  private final SourceLoader loader;
  private final SourceSpec spec;
  private final ReconcileOptions options;
  private final Metrics metrics;
  private final EventRecorder events;
  private final Clock clock;
  private final WatchCache cache;
  private final SyncEngine engine;
  private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
  private final Backoff<String> failures;
  private final Backoff<String> gitFailures;
  private final Backoff<ObjectId> objects;
  private final Map<String, String> reported = new HashMap<>();
  private final java.util.Set<String> loggedProblems = new java.util.HashSet<>();
  private String problemsLoggedFor;
  private volatile boolean stopping;
  private volatile boolean ready;
  private volatile String lastProblem = "no pass yet";
  private volatile long passes;
  private Source source;

  Reconciler(
      KubernetesClient client,
      RequestLog requests,
      SourceLoader loader,
      SourceSpec spec,
      ReconcileOptions options,
      Metrics metrics,
      EventRecorder events,
      Clock clock) {
    this.client = client;
    this.requests = requests;
    this.loader = loader;
    this.spec = spec;
    this.options = options;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.cache = new WatchCache(client, this::signal, options.syncTimeout());
    this.engine = new SyncEngine(client, requests, cache, clock);
    var max =
        options.interval().compareTo(Duration.ofMinutes(5)) > 0
            ? options.interval()
            : Duration.ofMinutes(5);
    this.failures = new Backoff<>(Duration.ofSeconds(1), options.interval(), clock);
    this.gitFailures = new Backoff<>(Duration.ofSeconds(1), options.interval(), clock);
    this.objects = new Backoff<>(Duration.ofSeconds(2), max, clock);
  }

  /**
   * Reads Git once before the loop starts, so that a local repository that cannot be read is an
   * error at start rather than a retry forever; a remote one is retried by the loop.
   *
   * @throws dev.seccompsync.git.GitSourceException for a local repository that cannot be read
   */
  void preload() {
    try {
      source = loader.load(spec, null);
    } catch (dev.seccompsync.git.GitSourceException e) {
      if (!spec.isRemote()) {
        throw e;
      }
      gitFailures.failed("git");
      metrics.errors.labelValues("git").inc();
      lastProblem = e.getMessage();
      log.warn("{}; retrying", e.getMessage());
    }
  }

  /** Schedules a pass; called by the watch cache on every change. */
  void signal() {
    signals.offer(SIGNAL);
  }

  /** Asks the loop to stop after the pass in flight, if any. */
  void stop() {
    stopping = true;
    signals.offer(SIGNAL);
  }

  boolean ready() {
    return ready;
  }

  String lastProblem() {
    return lastProblem;
  }

  long passes() {
    return passes;
  }

  @Override
  public void run() {
    long nextPoll = 0;
    long nextResync = 0;
    long notBefore = 0;
    boolean dirty = true;
    try {
      while (!stopping) {
        long now = clock.millis();
        if (now >= nextPoll) {
          dirty |= poll();
          nextPoll = clock.millis() + pollDelay();
        }
        now = clock.millis();
        if (!stopping && ((dirty && now >= notBefore) || now >= nextResync)) {
          var ok = pass();
          dirty = !ok;
          notBefore = ok ? 0 : clock.millis() + failures.failed("pass").toMillis();
          if (ok) {
            failures.succeeded("pass");
          }
          nextResync = clock.millis() + options.interval().toMillis();
        }
        long wake = Math.min(nextPoll, nextResync);
        if (dirty) {
          wake = Math.min(wake, notBefore);
        }
        var release = objects.nextRelease();
        if (release.isPresent()) {
          wake = Math.min(wake, release.get().toEpochMilli() + 1);
        }
        var waitMillis = Math.max(1, wake - clock.millis());
        var signal = signals.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (signal != null) {
          debounce();
          dirty = true;
        } else if (release.isPresent() && clock.millis() >= release.get().toEpochMilli()) {
          dirty = true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      cache.close();
      log.info("reconcile loop stopped after {} passes", passes);
    }
  }

  /** Gathers the signals that arrive within the debounce time into one pass. */
  private void debounce() throws InterruptedException {
    var deadline = clock.millis() + options.debounce().toMillis();
    while (!stopping) {
      var left = deadline - clock.millis();
      if (left <= 0) {
        break;
      }
      signals.poll(left, TimeUnit.MILLISECONDS);
    }
    signals.clear();
  }

  private long pollDelay() {
    var interval = options.interval().toMillis();
    if (gitFailures.failures("git") == 0) {
      return interval;
    }
    var held =
        gitFailures.nextRelease().map(i -> i.toEpochMilli() - clock.millis()).orElse(interval);
    return Math.max(1, Math.min(interval, held));
  }

  /** Re-reads Git if its revision moved; whether there is a new source. */
  private boolean poll() {
    try {
      var previous = source == null ? null : source.snapshot().commit();
      var loaded = loader.load(spec, previous);
      gitFailures.succeeded("git");
      if (loaded == null) {
        return false;
      }
      if (previous != null) {
        log.info(
            "git {} moved: {} -> {}",
            loaded.snapshot().repository(),
            shortId(previous),
            shortId(loaded.snapshot().commit()));
      }
      source = loaded;
      return true;
    } catch (SeccompSyncException e) {
      var delay = gitFailures.failed("git");
      metrics.errors.labelValues("git").inc();
      lastProblem = e.getMessage();
      log.warn(
          "{}; retrying in {}s{}",
          e.getMessage(),
          delay.toSeconds(),
          source == null ? "" : ", reconciling against " + shortId(source.snapshot().commit()));
      return false;
    }
  }

  /** One pass; whether it ran to the end (objects may still have failed). */
  private boolean pass() {
    if (source == null) {
      return false;
    }
    var started = System.nanoTime();
    var before = requests.total();
    var mode = options.mode().name().toLowerCase(java.util.Locale.ROOT);
    try {
      RunResult result =
          options.mode() == ReconcileMode.HEAL
              ? engine.apply(source, options.apply().withHeld(objects.held()), false)
              : engine.drift(source, options.apply().planOptions());
      var seconds = (System.nanoTime() - started) / 1e9;
      account(result);
      passes++;
      ready = true;
      lastProblem = null;
      metrics.passDuration.labelValues(mode, "success").observe(seconds);
      metrics.lastSuccess.set(clock.millis() / 1000.0);
      metrics.revision.setLabelValues(result.revision());
      log.info("{}", PassLine.of(result, mode, requests.total() - before, seconds));
      return true;
    } catch (SeccompSyncException | KubernetesClientException e) {
      var seconds = (System.nanoTime() - started) / 1e9;
      metrics.passDuration.labelValues(mode, "error").observe(seconds);
      metrics.errors.labelValues("cluster").inc();
      cache.invalidate();
      lastProblem = e.getMessage();
      log.warn("pass failed: {}; retrying with backoff", oneLine(e.getMessage()));
      log.debug("pass failure", e);
      return false;
    } catch (RuntimeException e) {
      // A bug or an unexpected library failure must not end the loop: report it and retry.
      metrics.passDuration.labelValues(mode, "error").observe((System.nanoTime() - started) / 1e9);
      metrics.errors.labelValues("cluster").inc();
      cache.invalidate();
      lastProblem = e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
      log.error(
          "pass failed unexpectedly: {}; retrying with backoff (-v shows the trace)", lastProblem);
      log.debug("pass failure", e);
      return false;
    }
  }

  private void account(RunResult result) {
    var inputErrors = result.problems().stream().filter(p -> p.isError()).count();
    if (inputErrors > 0) {
      metrics.errors.labelValues("input").inc(inputErrors);
    }
    logProblems(result);
    metrics.drifted.clear();
    var drifted = new HashMap<String, Integer>();
    var counts = new EnumMap<Action, Integer>(Action.class);
    for (var object : result.objects()) {
      var kind = object.id().kind().kind();
      if (object.action() != null) {
        counts.merge(object.action(), 1, Integer::sum);
      }
      if (object.category() != null) {
        drifted.merge(kind + "|" + object.category().wireName(), 1, Integer::sum);
        reportDrift(object, result.revision());
        continue;
      }
      switch (object.action()) {
        case CREATED, CONFIGURED -> {
          drifted.merge(kind + "|" + object.action().wireName(), 1, Integer::sum);
          metrics.applies.labelValues(kind, object.action().wireName()).inc();
          objects.succeeded(object.id());
          log.info("{} {} from {}", object.id(), object.action().wireName(), object.source());
          event(
              object,
              Type.Normal,
              object.action() == Action.CREATED ? "Created" : "Healed",
              "applied %s at %s".formatted(object.source(), shortId(result.revision())));
        }
        case PRUNED -> {
          metrics.prunes.labelValues(kind, "pruned").inc();
          log.info("{} pruned: gone from Git", object.id());
          event(
              object,
              Type.Normal,
              "Pruned",
              "deleted: gone from Git at " + shortId(result.revision()));
        }
        case PENDING -> {
          metrics.prunes.labelValues(kind, "pending").inc();
          event(object, Type.Warning, "DeletionPending", object.message());
        }
        case FAILED -> {
          metrics.applies.labelValues(kind, "failed").inc();
          metrics.errors.labelValues("object").inc();
          var delay = objects.failed(object.id());
          log.warn("{}: {}; held back for {}s", object.id(), object.message(), delay.toSeconds());
          event(object, Type.Warning, "ApplyFailed", object.message());
        }
        case UNCHANGED -> objects.succeeded(object.id());
        default -> {}
      }
    }
    drifted.forEach(
        (key, count) -> {
          var parts = key.split("\\|", 2);
          metrics.drifted.labelValues(parts[0], parts[1]).set(count);
        });
    var current = new java.util.HashSet<String>();
    result.objects().stream()
        .filter(o -> o.category() != null)
        .forEach(o -> current.add(o.id() + "|" + o.category().wireName()));
    reported.keySet().retainAll(current);
  }

  /** Input problems are logged once per revision, not on every pass. */
  private void logProblems(RunResult result) {
    if (!result.revision().equals(problemsLoggedFor)) {
      problemsLoggedFor = result.revision();
      loggedProblems.clear();
    }
    for (var problem : result.problems()) {
      if (loggedProblems.add(problem.toString())) {
        if (problem.isError()) {
          log.warn("{}", problem);
        } else {
          log.info("{}", problem);
        }
      }
    }
  }

  /** A drift finding gets an event when it first appears or its message changes. */
  private void reportDrift(ObjectResult object, String revision) {
    var text =
        object.category().wireName() + ": " + (object.message() == null ? "" : object.message());
    var key = object.id() + "|" + object.category().wireName();
    if (text.equals(reported.get(key))) {
      return;
    }
    reported.put(key, text);
    log.info("drift {} {}", object.id(), text);
    event(object, Type.Warning, "Drifted", text + " (Git " + shortId(revision) + ")");
  }

  private void event(ObjectResult object, Type type, String reason, String message) {
    var info = cacheCatalogInfo(object.id());
    if (info == null) {
      return;
    }
    events.record(
        object.id(),
        EventRecorder.apiVersion(info),
        cache.uid(object.id()),
        type,
        reason,
        message == null ? reason : message);
  }

  private dev.seccompsync.cluster.KindInfo cacheCatalogInfo(ObjectId id) {
    try {
      return cache.catalog().find(id.kind()).orElse(null);
    } catch (SeccompSyncException e) {
      return null;
    }
  }

  static String shortId(String commit) {
    return commit == null || commit.length() < 12
        ? String.valueOf(commit)
        : commit.substring(0, 12);
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }
}

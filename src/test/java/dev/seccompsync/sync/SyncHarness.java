package dev.seccompsync.sync;

import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.diff.PlanOptions;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.testing.LocalCluster;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the engine against a local cluster and a local repository the way the CLI does, with a fresh
 * client and request log per run, so a test can assert exactly what one run sent.
 */
final class SyncHarness {

  private final LocalCluster cluster;
  private final Path repository;
  private final List<String> paths;
  private RequestLog lastRequests;

  SyncHarness(LocalCluster cluster, Path repository, List<String> paths) {
    this.cluster = cluster;
    this.repository = repository;
    this.paths = paths;
  }

  RunResult diff() {
    return run(Op.DIFF, false);
  }

  RunResult apply() {
    return run(Op.APPLY, false);
  }

  RunResult applyDryRun() {
    return run(Op.APPLY, true);
  }

  RunResult drift() {
    return run(Op.DRIFT, false);
  }

  /** Apply with the given options (prune, inventory). */
  RunResult apply(ApplyOptions options) {
    return run(Op.APPLY, false, options);
  }

  /** Diff with the given options: what apply with them would do. */
  RunResult diff(ApplyOptions options) {
    return run(Op.DIFF, false, options);
  }

  /** The requests the last run sent. */
  RequestLog requests() {
    return lastRequests;
  }

  private enum Op {
    DIFF,
    APPLY,
    DRIFT
  }

  private RunResult run(Op op, boolean dryRun) {
    return run(op, dryRun, null);
  }

  private RunResult run(Op op, boolean dryRun, ApplyOptions options) {
    var git = new GitSource(repository.resolve(".cache"), null);
    var source =
        new SourceLoader(git, LoadOptions.defaults())
            .load(new SourceSpec(repository.toString(), null, paths));
    lastRequests = new RequestLog();
    try (var client = cluster.client(lastRequests)) {
      var engine = new SyncEngine(client, lastRequests);
      return switch (op) {
        case DIFF ->
            options == null
                ? engine.diff(source, PlanOptions.defaults())
                : engine.diff(source, options);
        case APPLY ->
            engine.apply(source, options == null ? ApplyOptions.defaults() : options, dryRun);
        case DRIFT -> engine.drift(source, PlanOptions.defaults());
      };
    }
  }
}

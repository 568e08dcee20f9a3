package dev.seccompsync.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Runs one function over many inputs with a bounded number in flight, keeping input order. */
public final class Concurrently {
  private Concurrently() {}

  /**
   * Applies {@code function} to each input on at most {@code limit} threads.
   *
   * @throws RuntimeException what the function threw, for the first input that failed
   */
  public static <T, R> List<R> map(List<T> inputs, int limit, Function<T, R> function) {
    if (inputs.size() <= 1 || limit <= 1) {
      return inputs.stream().map(function).toList();
    }
    var executor = Executors.newFixedThreadPool(Math.min(limit, inputs.size()), daemon());
    try {
      var futures = new ArrayList<Future<R>>();
      inputs.forEach(input -> futures.add(executor.submit(() -> function.apply(input))));
      var results = new ArrayList<R>(inputs.size());
      for (var future : futures) {
        results.add(join(future));
      }
      return results;
    } finally {
      executor.shutdownNow();
    }
  }

  private static <R> R join(Future<R> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      var thread = new Thread(runnable, "seccomp-sync-worker");
      thread.setDaemon(true);
      return thread;
    };
  }
}

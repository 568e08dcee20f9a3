package dev.seccompsync.reconcile;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/** The reconciler's Prometheus metrics, in a registry of their own. */
final class Metrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();

  final Histogram passDuration =
      Histogram.builder()
          .name("seccomp_sync_pass_duration_seconds")
          .help("Duration of a reconcile pass")
          .labelNames("mode", "result")
          .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
          .register(registry);

  final Gauge drifted =
      Gauge.builder()
          .name("seccomp_sync_drifted_objects")
          .help("Objects that differ from Git in the last pass, by kind and category")
          .labelNames("kind", "category")
          .register(registry);

  final Counter applies =
      Counter.builder()
          .name("seccomp_sync_applies")
          .help("Objects applied, by kind and result")
          .labelNames("kind", "result")
          .register(registry);

  final Counter prunes =
      Counter.builder()
          .name("seccomp_sync_prunes")
          .help("Prune decisions carried out, by kind and result")
          .labelNames("kind", "result")
          .register(registry);

  final Counter errors =
      Counter.builder()
          .name("seccomp_sync_errors")
          .help("Errors, by type: git, cluster, input, object")
          .labelNames("type")
          .register(registry);

  final Gauge lastSuccess =
      Gauge.builder()
          .name("seccomp_sync_last_success_timestamp_seconds")
          .help("When the last pass succeeded, in seconds since the epoch")
          .register(registry);

  final Info revision =
      Info.builder()
          .name("seccomp_sync_revision")
          .help("The Git revision of the last successful pass")
          .labelNames("revision")
          .register(registry);

  final Gauge leader =
      Gauge.builder()
          .name("seccomp_sync_leader")
          .help("1 while this replica holds the lease and reconciles, else 0")
          .register(registry);

  Metrics() {
    for (var type : new String[] {"git", "cluster", "input", "object"}) {
      errors.labelValues(type);
    }
  }

  void write(OutputStream out) throws IOException {
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
  }

  static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}

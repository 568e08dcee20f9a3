package dev.seccompsync.bench;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Counts the API requests in a {@code kubectl -v=6} log by verb, with the words {@link
 * dev.seccompsync.cluster.RequestLog} uses (GET, LIST, PATCH, DRY-RUN PATCH, ...), so that both
 * tools' requests read alike. Discovery requests ({@code /api}, {@code /apis}, {@code /openapi/...}
 * and group-version documents) are counted as DISCOVERY.
 */
final class KubectlRequests {

  /**
   * {@code round_trippers.go:560] GET https://127.0.0.1:1234/api?timeout=32s 200 OK in 1
   * milliseconds}.
   */
  private static final Pattern LINE =
      Pattern.compile(
          "round_trippers\\.go:\\d+\\]\\s+\"?(GET|POST|PUT|PATCH|DELETE|HEAD)\"?\\s+(\\S+)\\s");

  private KubectlRequests() {}

  static Map<String, Long> count(String log) {
    var counts = new TreeMap<String, Long>();
    for (var line : log.split("\n")) {
      var m = LINE.matcher(line);
      if (m.find()) {
        counts.merge(verb(m.group(1), URI.create(m.group(2))), 1L, Long::sum);
      }
    }
    return counts;
  }

  private static String verb(String method, URI uri) {
    var query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    var segments = uri.getPath().split("/");
    int n = segments.length;
    var path = uri.getPath();
    if (path.startsWith("/openapi")
        || path.equals("/api")
        || path.equals("/apis")
        || (path.startsWith("/api/") && n == 3)
        || (path.startsWith("/apis/") && n <= 4)) {
      return "DISCOVERY";
    }
    if (query.contains("dryRun=All")) {
      return "DRY-RUN " + method;
    }
    if (method.equals("GET")) {
      boolean collection =
          path.startsWith("/apis/")
              ? n == 5 || (n == 7 && segments[4].equals("namespaces"))
              : n == 4 || (n == 6 && segments[3].equals("namespaces"));
      if (collection) {
        return query.contains("watch=true") ? "WATCH" : "LIST";
      }
    }
    return method;
  }

  /** Requests that change cluster state: everything but reads, discovery and dry runs. */
  static long writes(Map<String, Long> byVerb) {
    return byVerb.entrySet().stream()
        .filter(e -> !isRead(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  static boolean isRead(String verb) {
    return verb.startsWith("GET")
        || verb.startsWith("LIST")
        || verb.startsWith("WATCH")
        || verb.startsWith("DISCOVERY")
        || verb.startsWith("DRY-RUN");
  }
}

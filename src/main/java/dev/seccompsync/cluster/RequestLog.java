package dev.seccompsync.cluster;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the API requests a client sends, by verb (GET, LIST, PATCH, DRY-RUN PATCH, ...), so that
 * tests can prove a no-op run writes nothing and the benchmark can print what a run costs.
 */
public final class RequestLog implements Interceptor {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byResource = new ConcurrentHashMap<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    var verb = verb(request);
    counts.computeIfAbsent(verb, v -> new LongAdder()).increment();
    byResource.computeIfAbsent(verb + " " + resource(request), v -> new LongAdder()).increment();
  }

  /**
   * Requests sent so far by verb and resource, such as {@code PATCH seccompprofiles} or {@code POST
   * events}.
   */
  public Map<String, Long> byVerbAndResource() {
    var snapshot = new TreeMap<String, Long>();
    byResource.forEach((key, count) -> snapshot.put(key, count.sum()));
    return snapshot;
  }

  /** The resource (plural) a request is about: the segment after the version or namespace. */
  private static String resource(HttpRequest request) {
    var segments = request.uri().getPath().split("/");
    // /api/v1[/namespaces/ns]/plural[/name], /apis/group/v[/namespaces/ns]/plural[/name]
    int first = request.uri().getPath().startsWith("/apis/") ? 4 : 3;
    if (segments.length <= first) {
      return "";
    }
    if (segments[first].equals("namespaces") && segments.length > first + 2) {
      return segments[first + 2];
    }
    return segments[first];
  }

  /** Requests sent so far, by verb, in a stable order. */
  public Map<String, Long> byVerb() {
    var snapshot = new TreeMap<String, Long>();
    counts.forEach((verb, count) -> snapshot.put(verb, count.sum()));
    return snapshot;
  }

  /** Requests that change cluster state: every non-GET request that is not a dry run. */
  public long writes() {
    return byVerb().entrySet().stream()
        .filter(e -> !e.getKey().startsWith("GET") && !e.getKey().startsWith("LIST"))
        .filter(e -> !e.getKey().startsWith("DRY-RUN"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Every request sent so far. */
  public long total() {
    return byVerb().values().stream().mapToLong(Long::longValue).sum();
  }

  private static String verb(HttpRequest request) {
    var query = request.uri().getRawQuery();
    var method = request.method();
    if (query != null && query.contains("dryRun=All")) {
      return "DRY-RUN " + method;
    }
    if (method.equals("GET") && isCollection(request)) {
      return query != null && query.contains("watch=true") ? "WATCH" : "LIST";
    }
    return method;
  }

  /** Collection paths end in a plural resource name: {@code .../seccompprofiles}. */
  private static boolean isCollection(HttpRequest request) {
    var segments = request.uri().getPath().split("/");
    int n = segments.length;
    if (n < 2) {
      return false;
    }
    // /api/v1/namespaces, /apis/g/v/plural, /apis/g/v/namespaces/ns/plural
    var path = request.uri().getPath();
    if (path.startsWith("/apis/")) {
      return n == 5 || (n == 7 && segments[4].equals("namespaces"));
    }
    if (path.startsWith("/api/")) {
      return n == 4 || (n == 6 && segments[3].equals("namespaces"));
    }
    return false;
  }
}

package dev.seccompsync.promote;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side of the hosting clients: one JDK {@link HttpClient}, the provider's authentication
 * and media-type headers, bounded retries of rate limits and server errors, paging, and messages
 * that say what went wrong and what to do, none of which carries the token.
 */
public final class HostingHttp {

  private static final Logger log = LoggerFactory.getLogger(HostingHttp.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);
  private static final Pattern NEXT_LINK = Pattern.compile("rel=\"?next\"?");

  /** The most pages one listing reads. */
  static final int MAX_PAGES = 100;

  private final HostingTarget target;
  private final Token token;
  private final RetryPolicy retries;
  private final Sleeper sleeper;
  private final Clock clock;
  private final HttpClient client;
  private final String userAgent;

  public HostingHttp(
      HostingTarget target, Token token, RetryPolicy retries, Sleeper sleeper, Clock clock) {
    this.target = target;
    this.token = token;
    this.retries = retries;
    this.sleeper = sleeper;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    var version = HostingHttp.class.getPackage().getImplementationVersion();
    this.userAgent = version == null ? "seccomp-sync" : "seccomp-sync/" + version;
  }

  /** A client that really waits, with {@link RetryPolicy#DEFAULT}. */
  public static HostingHttp create(HostingTarget target, Token token) {
    return new HostingHttp(target, token, RetryPolicy.DEFAULT, Sleeper.system(), Clock.systemUTC());
  }

  public HostingTarget target() {
    return target;
  }

  @Override
  public String toString() {
    return "HostingHttp["
        + target.provider().displayName()
        + " "
        + target.repository()
        + " at "
        + target.apiBase()
        + "]";
  }

  /** An empty JSON object for a request body. */
  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** One path segment, percent-encoded: {@code group/sub} becomes {@code group%2Fsub}. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A request to make: method, path below the API URL, query, body and what to say on failure. */
  static final class Call {
    final String method;
    final String path;
    final String action;
    final Map<String, String> query = new LinkedHashMap<>();
    JsonNode body;
    final Set<Integer> allowed = new HashSet<>();
    String notFound;
    String hint = "fix what the message says and run again";
    boolean retryServerErrors = true;

    private Call(String method, String path, String action) {
      this.method = method;
      this.path = path;
      this.action = action;
    }

    /**
     * @param path below the API URL, starting with {@code /}, its segments already encoded
     * @param action what the call does, to complete "could not ...": {@code list the pull requests}
     */
    static Call of(String method, String path, String action) {
      return new Call(method, path, action);
    }

    Call query(String name, Object value) {
      query.put(name, String.valueOf(value));
      return this;
    }

    Call body(JsonNode json) {
      this.body = json;
      return this;
    }

    /** Return this status to the caller instead of failing. */
    Call allow(int status) {
      allowed.add(status);
      return this;
    }

    /** The message for a 404, when it means something else than a missing repository. */
    Call notFound(String message) {
      this.notFound = message;
      return this;
    }

    /** What to do when the host rejects the request (a 4xx other than 401, 403, 404). */
    Call hint(String text) {
      this.hint = text;
      return this;
    }

    /**
     * Do not send it again after a server error: it may have taken effect (creating a comment).
     * Rate limits are still waited for, since the host did not act on the request.
     */
    Call once() {
      this.retryServerErrors = false;
      return this;
    }

    private String target() {
      if (query.isEmpty()) {
        return path;
      }
      var out = new StringBuilder(path);
      var sep = '?';
      for (var e : query.entrySet()) {
        out.append(sep).append(segment(e.getKey())).append('=').append(segment(e.getValue()));
        sep = '&';
      }
      return out.toString();
    }
  }

  /** An answer: status, headers, and the body as JSON ({@code MissingNode} when empty). */
  record Response(int status, HttpHeaders headers, JsonNode json, String text) {

    /** The server's own words on an error, in one short line. */
    String problem() {
      return HostingHttp.problem(json, text);
    }
  }

  /** Sends a call, waits out rate limits and server errors within the policy, and answers. */
  Response send(Call call) {
    var attempt = 1;
    var waited = Duration.ZERO;
    while (true) {
      HttpResponse<String> answer;
      try {
        answer = client.send(request(call), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        var failure =
            new HostingException(
                target.host()
                    + " cannot be reached at "
                    + target.apiBase()
                    + " ("
                    + e.getClass().getSimpleName()
                    + redact(e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); check the API URL and the network",
                e);
        if (!call.retryServerErrors || attempt >= retries.maxAttempts()) {
          throw failure;
        }
        var wait = retries.backoff(attempt);
        if (waited.plus(wait).compareTo(retries.maxTotalWait()) > 0) {
          throw failure;
        }
        pause(call, wait, attempt, "no answer");
        waited = waited.plus(wait);
        attempt++;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HostingException(target.host() + ": interrupted while waiting for an answer", e);
      }
      var response = response(answer);
      var status = response.status();
      if (status / 100 == 2 || call.allowed.contains(status)) {
        if (status / 100 == 2 && response.json() == null) {
          throw new HostingException(
              target.host()
                  + " answered "
                  + call.method
                  + " "
                  + call.path
                  + " with something that is not JSON; check the API URL"
                  + " (it ends in /api/v3 for GitHub Enterprise, /api/v4 for GitLab,"
                  + " /api/v1 for Gitea)",
              status);
        }
        return response;
      }
      var rateLimited = isRateLimit(response);
      var retriable = rateLimited || (status >= 500 && status != 501 && call.retryServerErrors);
      if (!retriable) {
        throw failure(call, response);
      }
      var wait = delay(response, rateLimited, attempt);
      if (attempt >= retries.maxAttempts()
          || waited.plus(wait).compareTo(retries.maxTotalWait()) > 0) {
        throw exhausted(call, response, rateLimited, attempt, wait);
      }
      pause(call, wait, attempt, "HTTP " + status);
      waited = waited.plus(wait);
      attempt++;
    }
  }

  /**
   * Reads a listing page by page until {@code stop} accepts an item, the host says there is no next
   * page, a page brings nothing new, or {@link #MAX_PAGES} pages were read.
   *
   * @param page the call for page {@code n} (from 1)
   * @param size the page size asked for
   * @return the items read, the one {@code stop} accepted last
   */
  List<JsonNode> pages(IntFunction<Call> page, int size, Predicate<JsonNode> stop) {
    return pages(page, size, stop, MAX_PAGES);
  }

  /** {@link #pages(IntFunction, int, Predicate)}, reading at most {@code maxPages} pages. */
  List<JsonNode> pages(IntFunction<Call> page, int size, Predicate<JsonNode> stop, int maxPages) {
    var items = new ArrayList<JsonNode>();
    var seen = new HashSet<String>();
    for (var n = 1; n <= maxPages; n++) {
      var call = page.apply(n);
      var response = send(call);
      var json = response.json();
      if (!json.isArray()) {
        throw new HostingException(
            target.host()
                + " answered "
                + call.method
                + " "
                + call.path
                + " with something that is not a list; check the API URL",
            response.status());
      }
      var fresh = 0;
      for (var item : json) {
        var id = item.path("id");
        var key = id.isMissingNode() || id.isNull() ? item.toString() : id.asString();
        if (!seen.add(key)) {
          continue;
        }
        fresh++;
        items.add(item);
        if (stop.test(item)) {
          return items;
        }
      }
      if (json.isEmpty() || fresh == 0 || !hasNext(response, json.size(), size)) {
        break;
      }
    }
    return items;
  }

  /** The first item {@code match} accepts, reading page after page as far as needed. */
  Optional<JsonNode> find(IntFunction<Call> page, int size, Predicate<JsonNode> match) {
    var items = pages(page, size, match);
    if (items.isEmpty()) {
      return Optional.empty();
    }
    var last = items.get(items.size() - 1);
    return match.test(last) ? Optional.of(last) : Optional.empty();
  }

  private static boolean hasNext(Response response, int count, int size) {
    var link = response.headers().firstValue("Link");
    if (link.isPresent()) {
      for (var part : link.get().split(",", -1)) {
        if (NEXT_LINK.matcher(part).find()) {
          return true;
        }
      }
      return false;
    }
    var next = response.headers().firstValue("X-Next-Page");
    if (next.isPresent()) {
      return !next.get().isBlank();
    }
    return count >= size;
  }

  private HttpRequest request(Call call) {
    var uri = URI.create(target.apiBase() + call.target());
    var builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    switch (target.provider()) {
      case GITHUB ->
          builder
              .header("Authorization", "Bearer " + token.value())
              .header("Accept", "application/vnd.github+json")
              .header("X-GitHub-Api-Version", "2022-11-28");
      case GITLAB ->
          builder.header("PRIVATE-TOKEN", token.value()).header("Accept", "application/json");
      case GITEA ->
          builder
              .header("Authorization", "token " + token.value())
              .header("Accept", "application/json");
    }
    builder.header("User-Agent", userAgent);
    if (call.body != null) {
      builder.header("Content-Type", "application/json");
      builder.method(
          call.method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(call.body)));
    } else {
      builder.method(call.method, HttpRequest.BodyPublishers.noBody());
    }
    return builder.build();
  }

  private static Response response(HttpResponse<String> answer) {
    var text = answer.body() == null ? "" : answer.body();
    JsonNode json;
    if (text.isBlank()) {
      json = MissingNode.getInstance();
    } else {
      try {
        json = JSON.readTree(text);
      } catch (JacksonException e) {
        json = null;
      }
    }
    return new Response(answer.statusCode(), answer.headers(), json, text);
  }

  private void pause(Call call, Duration wait, int attempt, String why) {
    log.info(
        "{} answered {} to {} {}; trying again in {} s (attempt {} of {})",
        target.host(),
        why,
        call.method,
        call.path,
        wait.toSeconds(),
        attempt + 1,
        retries.maxAttempts());
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostingException(target.host() + ": interrupted while waiting to try again", e);
    }
  }

  /** GitHub's rate limits answer 403 as well as 429, with a message or a zero remaining count. */
  private static boolean isRateLimit(Response response) {
    if (response.status() == 429) {
      return true;
    }
    if (response.status() != 403) {
      return false;
    }
    if (remainingIsZero(response.headers())) {
      return true;
    }
    return response.text().toLowerCase(Locale.ROOT).contains("rate limit");
  }

  private static boolean remainingIsZero(HttpHeaders headers) {
    return headers
        .firstValue("x-ratelimit-remaining")
        .or(() -> headers.firstValue("ratelimit-remaining"))
        .map(String::strip)
        .filter("0"::equals)
        .isPresent();
  }

  private static boolean isSecondaryLimit(Response response) {
    return response.text().toLowerCase(Locale.ROOT).contains("secondary rate limit");
  }

  /** How long the host asks to wait, or the policy's backoff when it does not say. */
  private Duration delay(Response response, boolean rateLimited, int attempt) {
    var headers = response.headers();
    var retryAfter = headers.firstValue("Retry-After").flatMap(this::retryAfter);
    if (retryAfter.isPresent()) {
      return retryAfter.get();
    }
    if (rateLimited && remainingIsZero(headers)) {
      var reset =
          headers
              .firstValue("x-ratelimit-reset")
              .or(() -> headers.firstValue("ratelimit-reset"))
              .flatMap(HostingHttp::epochSeconds);
      if (reset.isPresent()) {
        return positive(Duration.between(clock.instant(), reset.get()));
      }
    }
    if (rateLimited && isSecondaryLimit(response)) {
      return SECONDARY_LIMIT_WAIT.multipliedBy(1L << Math.min(attempt - 1, 10));
    }
    return retries.backoff(attempt);
  }

  private Optional<Duration> retryAfter(String value) {
    var v = value.strip();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      var when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(positive(Duration.between(clock.instant(), when)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> epochSeconds(String value) {
    var v = value.strip();
    return v.matches("\\d{1,12}")
        ? Optional.of(Instant.ofEpochSecond(Long.parseLong(v)))
        : Optional.empty();
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private HostingException exhausted(
      Call call, Response response, boolean rateLimited, int attempt, Duration wait) {
    var status = response.status();
    if (rateLimited) {
      var when = clock.instant().plus(wait).truncatedTo(ChronoUnit.SECONDS);
      return new HostingException(
          target.host()
              + " rate limit reached while trying to "
              + call.action
              + " on "
              + target.repository()
              + " (HTTP "
              + status
              + ", "
              + attempt
              + (attempt == 1 ? " attempt" : " attempts")
              + "); try again after "
              + when
              + " (in "
              + wait.toSeconds()
              + " s)",
          status);
    }
    return new HostingException(
        target.host()
            + " answered HTTP "
            + status
            + " to "
            + attempt
            + (attempt == 1 ? " attempt" : " attempts")
            + " to "
            + call.action
            + " on "
            + target.repository()
            + problemSuffix(response)
            + "; try again later",
        status);
  }

  private HostingException failure(Call call, Response response) {
    var status = response.status();
    var repo = "repository " + target.repository() + " on " + target.host();
    if (status == 401) {
      return new HostingException(
          "the token was refused by " + target.host() + "; " + token.hint(target.provider()),
          status);
    }
    if (status == 403) {
      return new HostingException(
          repo
              + ": the token may not "
              + call.action
              + " (HTTP 403"
              + problemColon(response)
              + "); give it "
              + target.provider().permissions(),
          status);
    }
    if (status == 404) {
      var message =
          call.notFound != null
              ? call.notFound
              : "repository "
                  + target.repository()
                  + " not found on "
                  + target.host()
                  + ", or the token cannot see it; check the remote URL and the token's access";
      return new HostingException(message, status);
    }
    if (status / 100 == 3) {
      var location = response.headers().firstValue("Location").map(HostingTarget::withoutUserInfo);
      return new HostingException(
          repo
              + ": the API answered HTTP "
              + status
              + location.map(l -> " (moved to " + l + ")").orElse("")
              + "; update the remote URL or the API URL",
          status);
    }
    return new HostingException(
        repo
            + ": could not "
            + call.action
            + " (HTTP "
            + status
            + problemColon(response)
            + "); "
            + call.hint,
        status);
  }

  private String problemSuffix(Response response) {
    var p = redact(response.problem());
    return p.isEmpty() ? "" : " (" + p + ")";
  }

  private String problemColon(Response response) {
    var p = redact(response.problem());
    return p.isEmpty() ? "" : ": " + p;
  }

  /** The text with the token, and any URL credentials, taken out. */
  String redact(String text) {
    if (text == null) {
      return "";
    }
    return HostingTarget.withoutUserInfo(text.replace(token.value(), "***"));
  }

  /**
   * The message in an error body: GitHub's {@code message} and {@code errors[].message}, GitLab's
   * {@code message} (a string, a list or an object) or {@code error_description}, Gitea's {@code
   * message}; the start of the text otherwise.
   */
  static String problem(JsonNode json, String text) {
    var parts = new ArrayList<String>();
    if (json != null && json.isObject()) {
      collect(json.path("message"), parts);
      for (var e : json.path("errors")) {
        collect(e.isObject() ? e.path("message") : e, parts);
      }
      collect(json.path("error_description"), parts);
      if (parts.isEmpty()) {
        collect(json.path("error"), parts);
      }
    } else if (text != null && !text.isBlank() && (json == null || !json.isContainer())) {
      parts.add(text);
    }
    var joined = String.join("; ", parts).replaceAll("\\s+", " ").strip();
    return joined.length() > 300 ? joined.substring(0, 297) + "..." : joined;
  }

  private static void collect(JsonNode node, List<String> parts) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return;
    }
    if (node.isString() || node.isNumber()) {
      var s = node.asString();
      if (!s.isBlank()) {
        parts.add(s);
      }
    } else if (node.isArray()) {
      for (var item : node) {
        collect(item, parts);
      }
    } else if (node.isObject()) {
      for (var entry : node.properties()) {
        var sub = new ArrayList<String>();
        collect(entry.getValue(), sub);
        if (!sub.isEmpty()) {
          parts.add(entry.getKey() + " " + String.join(", ", sub));
        }
      }
    }
  }

  /** A string field, or {@code ""} when it is missing or null. */
  static String text(JsonNode node, String field) {
    var value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asString();
  }
}

package dev.seccompsync.promote;

import java.net.URI;
import java.util.Locale;

/**
 * One repository on one hosting service, and the API to reach it by. It holds no credentials.
 *
 * @param provider which API the service speaks
 * @param host the service's host (and port) as people know it, for messages: {@code github.com}
 * @param owner the user, organisation or (GitLab) group path, such as {@code group/sub}
 * @param repo the repository (GitLab: project) name
 * @param apiBase the API's base URL without a trailing slash: {@code https://api.github.com},
 *     {@code https://HOST/api/v3}, {@code https://HOST/api/v4}, {@code https://HOST/api/v1}
 */
public record HostingTarget(
    Provider provider, String host, String owner, String repo, URI apiBase) {

  public HostingTarget {
    if (provider == null) {
      throw new HostingException("hosting target: no provider; pass --provider");
    }
    owner = strip(owner, "owner");
    repo = strip(repo, "repository name");
    apiBase = checkedBase(apiBase);
    host = host == null || host.isBlank() ? displayHost(apiBase) : host.strip();
  }

  /** A target whose host, for messages, is the API URL's. */
  public static HostingTarget of(Provider provider, String apiBase, String owner, String repo) {
    URI uri;
    try {
      uri = URI.create(apiBase.strip());
    } catch (IllegalArgumentException e) {
      throw new HostingException(
          "API URL " + withoutUserInfo(apiBase) + " is not a URL; check --api-url", e);
    }
    return new HostingTarget(provider, null, owner, repo, uri);
  }

  /** The same repository reached through another API URL (an {@code --api-url}). */
  public HostingTarget withApiBase(URI base) {
    return new HostingTarget(provider, host, owner, repo, base);
  }

  /** {@code owner/repo}, or {@code group/sub/project} on GitLab. */
  public String repository() {
    return owner + "/" + repo;
  }

  /** The API URL a provider has at a host: {@code https://HOST/api/v3} and the like. */
  public static URI defaultApiBase(Provider provider, String scheme, String hostAndPort) {
    var host = hostAndPort.toLowerCase(Locale.ROOT);
    if (provider == Provider.GITHUB
        && (host.equals("github.com") || host.equals("api.github.com"))) {
      return URI.create("https://api.github.com");
    }
    var path =
        switch (provider) {
          case GITHUB -> "/api/v3";
          case GITLAB -> "/api/v4";
          case GITEA -> "/api/v1";
        };
    return URI.create(scheme + "://" + hostAndPort + path);
  }

  private static String strip(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new HostingException("hosting target: the " + what + " is empty; check the remote URL");
    }
    var stripped = value.strip();
    while (stripped.startsWith("/")) {
      stripped = stripped.substring(1);
    }
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }

  private static URI checkedBase(URI base) {
    if (base == null) {
      throw new HostingException("hosting target: no API URL; pass --api-url");
    }
    var scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    var shown = withoutUserInfo(base.toString());
    if ((!scheme.equals("https") && !scheme.equals("http")) || base.getHost() == null) {
      throw new HostingException("API URL " + shown + " is not an http(s) URL; check --api-url");
    }
    if (base.getRawUserInfo() != null) {
      throw new HostingException(
          "API URL " + shown + " carries credentials; pass the token with --token-file instead");
    }
    if (base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new HostingException(
          "API URL " + shown + " has a query or fragment; give only the base, such as .../api/v4");
    }
    if (scheme.equals("http") && !isLoopback(base.getHost())) {
      throw new HostingException(
          "API URL " + shown + ": the token would be sent unencrypted over http; use https");
    }
    var text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static String displayHost(URI base) {
    var host = base.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("api.github.com")) {
      return "github.com";
    }
    return base.getPort() < 0 ? host : host + ":" + base.getPort();
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("[::1]")
        || host.equals("::1");
  }

  /** {@code scheme://user:secret@host/...} with the {@code user:secret@} part removed. */
  static String withoutUserInfo(String url) {
    if (url == null) {
      return "";
    }
    return url.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s]*@", "$1");
  }
}

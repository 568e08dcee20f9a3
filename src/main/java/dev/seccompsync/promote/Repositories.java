package dev.seccompsync.promote;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Tells which repository on which hosting service a Git remote URL points at. */
public final class Repositories {

  /** {@code scheme://[userinfo@]host[:port][/path]}. */
  private static final Pattern URL =
      Pattern.compile(
          "(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)://(?:[^/?#]*@)?"
              + "(?<host>\\[[^\\]/]+\\]|[^:/?#@]+)(?::(?<port>\\d*))?(?<path>/[^?#]*)?.*");

  /** scp-like {@code [user@]host:path}, as in {@code git@github.com:owner/repo.git}. */
  private static final Pattern SCP =
      Pattern.compile("(?:[^@/:]+@)?(?<host>[^:/\\\\]{2,}):(?!//)(?<path>.+)");

  private Repositories() {}

  /** The repository a remote URL points at, when its host tells the provider. */
  public static HostingTarget fromRemoteUrl(String url) {
    return fromRemoteUrl(url, null);
  }

  /**
   * The repository a remote URL (https, http, ssh, git or scp-like) points at.
   *
   * @param provider the {@code --provider} given; {@code null} to tell it from the host: {@code
   *     github.com} is GitHub, a host with {@code gitlab} in its name GitLab, one with {@code
   *     gitea} or {@code forgejo} in it (or {@code codeberg.org}) Gitea
   */
  public static HostingTarget fromRemoteUrl(String url, Provider provider) {
    if (url == null || url.isBlank()) {
      throw new HostingException("remote URL is empty; give the repository's URL");
    }
    var given = url.strip();
    var shown = HostingTarget.withoutUserInfo(given);
    String scheme;
    String host;
    String port = null;
    String path;
    if (given.regionMatches(true, 0, "file:", 0, 5)
        || given.startsWith("/")
        || given.startsWith(".")) {
      throw new HostingException(
          "remote URL " + shown + " is a local path; give the hosting service's URL instead");
    }
    var m = URL.matcher(given);
    var scp = SCP.matcher(given);
    if (m.matches()) {
      scheme = m.group("scheme").toLowerCase(Locale.ROOT);
      host = m.group("host");
      port = m.group("port");
      path = m.group("path") == null ? "" : m.group("path");
    } else if (!given.contains("://") && scp.matches()) {
      scheme = "ssh";
      host = scp.group("host");
      path = scp.group("path");
    } else {
      throw new HostingException(
          "remote URL " + shown + " is not a URL this tool can read; use https://HOST/OWNER/REPO");
    }
    host = host.toLowerCase(Locale.ROOT);
    var web = scheme.equals("http") || scheme.equals("https");
    var apiScheme = web ? scheme : "https";
    var hostAndPort = web && port != null && !port.isEmpty() ? host + ":" + port : host;
    if (host.equals("ssh.github.com") || host.equals("www.github.com")) {
      hostAndPort = "github.com";
      host = "github.com";
    }
    var chosen = provider != null ? provider : guess(host, shown);
    var segments = segments(path);
    if (segments.size() < 2) {
      throw new HostingException("remote URL " + shown + " names no OWNER/REPO; check the URL");
    }
    var last = segments.size() - 1;
    return switch (chosen) {
      case GITHUB -> {
        if (segments.size() != 2) {
          throw new HostingException(
              "remote URL " + shown + ": a GitHub repository is HOST/OWNER/REPO; check the URL");
        }
        yield new HostingTarget(
            chosen,
            hostAndPort,
            segments.get(0),
            segments.get(1),
            HostingTarget.defaultApiBase(chosen, apiScheme, hostAndPort));
      }
      case GITLAB ->
          new HostingTarget(
              chosen,
              hostAndPort,
              String.join("/", segments.subList(0, last)),
              segments.get(last),
              HostingTarget.defaultApiBase(chosen, apiScheme, hostAndPort));
      case GITEA -> {
        var prefix = String.join("/", segments.subList(0, last - 1));
        var base = HostingTarget.defaultApiBase(chosen, apiScheme, hostAndPort);
        if (!prefix.isEmpty()) {
          base = URI.create(apiScheme + "://" + hostAndPort + "/" + prefix + "/api/v1");
        }
        yield new HostingTarget(
            chosen,
            prefix.isEmpty() ? hostAndPort : hostAndPort + "/" + prefix,
            segments.get(last - 1),
            segments.get(last),
            base);
      }
    };
  }

  private static Provider guess(String host, String shown) {
    if (host.equals("github.com")) {
      return Provider.GITHUB;
    }
    if (host.contains("gitlab")) {
      return Provider.GITLAB;
    }
    if (host.contains("gitea") || host.contains("forgejo") || host.equals("codeberg.org")) {
      return Provider.GITEA;
    }
    throw new HostingException(
        "remote URL "
            + shown
            + ": cannot tell which hosting service "
            + host
            + " runs; pass --provider github, gitlab or gitea");
  }

  /** The path's segments, without a {@code .git} ending or a GitLab {@code /-/...} page part. */
  private static List<String> segments(String path) {
    var p = path;
    var page = p.indexOf("/-/");
    if (page >= 0) {
      p = p.substring(0, page);
    }
    var parts = new ArrayList<String>();
    for (var s : Arrays.asList(p.split("/"))) {
      if (!s.isEmpty() && !s.equals("~")) {
        parts.add(s);
      }
    }
    if (!parts.isEmpty()) {
      var last = parts.size() - 1;
      var name = parts.get(last);
      if (name.endsWith(".git")) {
        name = name.substring(0, name.length() - 4);
      }
      if (name.isEmpty()) {
        parts.remove(last);
      } else {
        parts.set(last, name);
      }
    }
    return parts;
  }
}

package dev.seccompsync.git;

import java.net.URISyntaxException;
import org.eclipse.jgit.transport.ChainingCredentialsProvider;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A remote URL split into the part that may be stored and printed and the credentials that may not:
 * a user name and password (or a token) in an http(s) URL become a credentials provider, so they
 * never reach the cache's config, a log or a message.
 *
 * @param url the URL without http(s) credentials
 * @param credentials the URL's credentials, then the configured ones; {@code null} for none
 * @param secret the password or token taken from the URL, for masking messages; may be null
 */
record RemoteLocation(String url, CredentialsProvider credentials, String secret) {

  static RemoteLocation of(String given, CredentialsProvider configured) {
    URIish uri;
    try {
      uri = new URIish(given);
    } catch (URISyntaxException e) {
      return new RemoteLocation(given, configured, null);
    }
    var scheme = uri.getScheme();
    var http = "http".equals(scheme) || "https".equals(scheme);
    if (!http || uri.getUser() == null) {
      return new RemoteLocation(given, configured, null);
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw new GitSourceException(
          "repository %s: credentials in an http:// URL would be sent unencrypted; use https"
              .formatted(uri.setUser(null).setPass(null)));
    }
    // https://TOKEN@host is as common as https://user:TOKEN@host.
    var user = uri.getPass() == null ? "x-access-token" : uri.getUser();
    var secret = uri.getPass() == null ? uri.getUser() : uri.getPass();
    CredentialsProvider fromUrl = new UsernamePasswordCredentialsProvider(user, secret);
    var credentials =
        configured == null ? fromUrl : new ChainingCredentialsProvider(fromUrl, configured);
    return new RemoteLocation(uri.setUser(null).setPass(null).toString(), credentials, secret);
  }

  /** Plain http never leaves the machine when the host is a loopback address. */
  private static boolean isLoopback(String host) {
    return host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }
}

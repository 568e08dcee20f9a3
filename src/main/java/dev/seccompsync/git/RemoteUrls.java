package dev.seccompsync.git;

import java.net.URISyntaxException;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/** Shows repository URLs, and messages that quote them, without the credentials they carry. */
public final class RemoteUrls {

  /** {@code scheme://user:password@} or {@code scheme://token@}, anywhere in a text. */
  private static final Pattern USER_INFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s@]*@");

  private RemoteUrls() {}

  /** The URL with any user name and password removed, safe to print and log. */
  public static String redact(String url) {
    if (!url.contains("://")) {
      return url;
    }
    try {
      var uri = new URIish(url);
      if (uri.getPass() == null && uri.getUser() == null) {
        return USER_INFO.matcher(url).replaceAll("$1");
      }
      return uri.setPass(null).setUser(null).toString();
    } catch (URISyntaxException e) {
      return USER_INFO.matcher(url).replaceAll("$1");
    }
  }

  /** A message with every URL's credentials removed, and {@code secret} masked where it appears. */
  public static String redactText(String text, String secret) {
    if (text == null) {
      return "";
    }
    var cleaned = USER_INFO.matcher(text).replaceAll("$1");
    return secret == null || secret.isEmpty() ? cleaned : cleaned.replace(secret, "***");
  }
}

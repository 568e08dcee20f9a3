package dev.seccompsync.git;

import java.net.URISyntaxException;
import org.eclipse.jgit.transport.URIish;

/** Shows repository URLs without the credentials they may carry. */
public final class RemoteUrls {
  private RemoteUrls() {}

  /** The URL with any user name and password removed, safe to print and log. */
  public static String redact(String url) {
    try {
      var uri = new URIish(url);
      if (uri.getPass() == null && (uri.getUser() == null || uri.getScheme() == null)) {
        return url;
      }
      return uri.setPass(null).setUser(null).toString();
    } catch (URISyntaxException e) {
      return url.replaceAll("//[^/@]*@", "//");
    }
  }
}

package dev.seccompsync.promote;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** Picks the hosting client for a repository from flags and its remote URL. */
public final class PullRequestHosts {
  private PullRequestHosts() {}

  /**
   * The client for the repository, or {@code null} when nothing names a hosting service: the
   * repository is a local path or a URL whose host says no provider, and no flag names one.
   *
   * @param remoteUrl the repository's URL or path
   * @param provider {@code --provider}, or {@code null}
   * @param apiUrl {@code --api-url}, or {@code null}
   * @param project {@code --project} ({@code owner/name}, GitLab {@code group/sub/name}), or {@code
   *     null} to read it from the URL
   * @param tokenFile {@code --token-file}, or {@code null} for the provider's variable
   */
  public static PullRequestHost connect(
      String remoteUrl,
      String provider,
      String apiUrl,
      String project,
      Path tokenFile,
      Map<String, String> environment) {
    var chosen = provider == null ? null : Provider.parse(provider);
    HostingTarget target;
    if (project != null) {
      if (chosen == null || apiUrl == null) {
        throw new HostingException(
            "--project " + project + ": give --provider and --api-url with it");
      }
      int slash = project.lastIndexOf('/');
      if (slash <= 0 || slash == project.length() - 1) {
        throw new HostingException(
            "--project " + project + ": give it as OWNER/NAME (GitLab: GROUP/SUBGROUP/NAME)");
      }
      target =
          HostingTarget.of(
              chosen, apiUrl, project.substring(0, slash), project.substring(slash + 1));
    } else {
      try {
        target = Repositories.fromRemoteUrl(remoteUrl, chosen);
      } catch (HostingException e) {
        if (chosen == null && apiUrl == null) {
          return null;
        }
        throw e;
      }
      if (apiUrl != null) {
        target = target.withApiBase(URI.create(apiUrl.strip()));
      }
    }
    var token = Tokens.resolve(target.provider(), tokenFile, environment);
    return PullRequestHost.of(HostingHttp.create(target, token));
  }
}

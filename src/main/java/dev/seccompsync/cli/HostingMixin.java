package dev.seccompsync.cli;

import dev.seccompsync.promote.HostingHttp;
import dev.seccompsync.promote.HostingTarget;
import dev.seccompsync.promote.Provider;
import dev.seccompsync.promote.PullRequestHost;
import dev.seccompsync.promote.Repositories;
import dev.seccompsync.promote.Tokens;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which hosting service and repository a pull request is on, and the token to reach it with. */
final class HostingMixin {

  @Option(
      names = "--provider",
      paramLabel = "NAME",
      description =
          "Hosting service: github, gitlab, gitea or forgejo (default: told from the --repo URL).")
  String provider;

  @Option(
      names = "--api-url",
      paramLabel = "URL",
      description = "API base URL, such as https://HOST/api/v4 (default: the --repo URL's host).")
  String apiUrl;

  @Option(
      names = "--project",
      paramLabel = "OWNER/NAME",
      description = "Repository on the host (default: the --repo URL's path).")
  String project;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "File holding the API token (default: $GITHUB_TOKEN, $GITLAB_TOKEN or $GITEA_TOKEN).")
  Path tokenFile;

  /**
   * The client for the repository: {@code --api-url} with {@code --project}, or what the remote URL
   * of {@code --repo} names, with either of them overriding its part.
   */
  PullRequestHost host(String repository, Map<String, String> environment) {
    var chosen = provider == null ? null : Provider.parse(provider);
    HostingTarget target;
    if (apiUrl != null && project != null) {
      if (chosen == null) {
        throw new dev.seccompsync.promote.HostingException(
            "--api-url and --project need --provider github, gitlab or gitea");
      }
      target = of(chosen, apiUrl, project);
    } else {
      if (!new dev.seccompsync.git.SourceSpec(repository, null, null).isRemote()) {
        throw new dev.seccompsync.promote.HostingException(
            "--repo "
                + repository
                + " is a local path, which names no hosting service; pass --provider,"
                + " --api-url and --project");
      }
      target = Repositories.fromRemoteUrl(repository, chosen);
      if (project != null) {
        target = of(target.provider(), target.apiBase().toString(), project);
      }
      if (apiUrl != null) {
        target =
            target.withApiBase(HostingTarget.of(target.provider(), apiUrl, "o", "r").apiBase());
      }
    }
    var token = Tokens.resolve(target.provider(), tokenFile, environment);
    return PullRequestHost.of(HostingHttp.create(target, token));
  }

  /**
   * The client, or {@code null} when nothing names a hosting service: no flag is given and {@code
   * --repo} is a local path or a URL whose host tells no provider.
   */
  PullRequestHost hostIfNamed(String repository, Map<String, String> environment) {
    if (provider == null && apiUrl == null && project == null) {
      if (!new dev.seccompsync.git.SourceSpec(repository, null, null).isRemote()) {
        return null;
      }
      try {
        Repositories.fromRemoteUrl(repository, null);
      } catch (dev.seccompsync.promote.HostingException e) {
        return null;
      }
    }
    return host(repository, environment);
  }

  /**
   * Takes the repository's settings for the hosting flags not given, unless the host is named by
   * flags already.
   */
  void defaults(String provider, String apiUrl, String project) {
    if (this.provider != null || this.apiUrl != null || this.project != null) {
      return;
    }
    this.provider = provider;
    this.apiUrl = apiUrl;
    this.project = project;
  }

  /** Whether any hosting flag is given. */
  boolean given() {
    return provider != null || apiUrl != null || project != null || tokenFile != null;
  }

  private static HostingTarget of(Provider provider, String apiUrl, String project) {
    var slash = project.strip().lastIndexOf('/');
    if (slash <= 0 || slash == project.strip().length() - 1) {
      throw new dev.seccompsync.promote.HostingException(
          "--project " + project + " is not OWNER/NAME; give it as the host shows it");
    }
    var name = project.strip();
    return HostingTarget.of(provider, apiUrl, name.substring(0, slash), name.substring(slash + 1));
  }

  /** The refs a host keeps a pull request's head under, for a commit no branch holds. */
  static java.util.List<String> pullRequestRefs(Provider provider, int number) {
    return switch (provider) {
      case GITHUB, GITEA -> java.util.List.of("refs/pull/" + number + "/head");
      case GITLAB -> java.util.List.of("refs/merge-requests/" + number + "/head");
    };
  }

  /** What a token needs for {@code plan}: read the pull request and comment on it. */
  static String planPermissions(Provider provider) {
    return switch (provider) {
      case GITHUB -> "pull-requests: write (and contents: read)";
      case GITLAB -> "the api scope on a member with at least the Reporter role";
      case GITEA -> "the read:repository and write:issue scopes";
    };
  }
}

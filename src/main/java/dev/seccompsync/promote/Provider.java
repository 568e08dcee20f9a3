package dev.seccompsync.promote;

import java.util.Locale;

/** A pull-request hosting service whose API seccomp-sync speaks. */
public enum Provider {
  GITHUB("GitHub", "GITHUB_TOKEN", "contents: write and pull-requests: write"),
  GITLAB("GitLab", "GITLAB_TOKEN", "the api scope and at least the Developer role"),
  GITEA("Gitea", "GITEA_TOKEN", "the write:repository and write:issue scopes");

  private final String displayName;
  private final String tokenVariable;
  private final String permissions;

  Provider(String displayName, String tokenVariable, String permissions) {
    this.displayName = displayName;
    this.tokenVariable = tokenVariable;
    this.permissions = permissions;
  }

  /** The name people know it by, for messages. */
  public String displayName() {
    return displayName;
  }

  /** The environment variable a token for it is read from. */
  public String tokenVariable() {
    return tokenVariable;
  }

  /** What a token needs to open, edit, comment on and close pull requests. */
  public String permissions() {
    return permissions;
  }

  /** A {@code --provider} value: github, gitlab, gitea or forgejo (Gitea's API). */
  public static Provider parse(String name) {
    var key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "github" -> GITHUB;
      case "gitlab" -> GITLAB;
      case "gitea", "forgejo" -> GITEA;
      default ->
          throw new HostingException(
              "provider '" + name + "' is not known; use github, gitlab, gitea or forgejo");
    };
  }
}

package dev.seccompsync.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Remote URLs to provider, owner/repo and API URL; nothing is contacted. */
class RepositoriesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/acme/profiles.git",
        "https://github.com/acme/profiles",
        "https://github.com/acme/profiles/",
        "git@github.com:acme/profiles.git",
        "ssh://git@github.com/acme/profiles.git",
        "ssh://git@ssh.github.com:443/acme/profiles.git",
        "git://github.com/acme/profiles.git",
        "https://x-access-token:ghs_s3cr3t@github.com/acme/profiles.git",
      })
  void githubRemotes(String url) {
    var target = Repositories.fromRemoteUrl(url);

    assertThat(target.provider()).isEqualTo(Provider.GITHUB);
    assertThat(target.host()).isEqualTo("github.com");
    assertThat(target.owner()).isEqualTo("acme");
    assertThat(target.repo()).isEqualTo("profiles");
    assertThat(target.repository()).isEqualTo("acme/profiles");
    assertThat(target.apiBase()).isEqualTo(URI.create("https://api.github.com"));
    assertThat(target.toString()).doesNotContain("s3cr3t").doesNotContain("x-access-token");
  }

  @ParameterizedTest
  @CsvSource({
    "https://gitlab.com/group/sub/repo.git, gitlab.com, group/sub, https://gitlab.com/api/v4",
    "git@gitlab.example.org:group/repo.git, gitlab.example.org, group, "
        + "https://gitlab.example.org/api/v4",
    "ssh://git@gitlab.example.org:2222/a/b/c/repo.git, gitlab.example.org, a/b/c, "
        + "https://gitlab.example.org/api/v4",
    "https://oauth2:glpat-s3cr3t@gitlab.example.org:8443/group/repo.git, "
        + "gitlab.example.org:8443, group, https://gitlab.example.org:8443/api/v4",
    "https://gitlab.com/group/repo/-/merge_requests/4, gitlab.com, group, "
        + "https://gitlab.com/api/v4",
  })
  void gitlabRemotes(String url, String host, String owner, String api) {
    var target = Repositories.fromRemoteUrl(url);

    assertThat(target.provider()).isEqualTo(Provider.GITLAB);
    assertThat(target.host()).isEqualTo(host);
    assertThat(target.owner()).isEqualTo(owner);
    assertThat(target.repo()).isEqualTo("repo");
    assertThat(target.apiBase()).isEqualTo(URI.create(api));
    assertThat(target.toString()).doesNotContain("s3cr3t").doesNotContain("oauth2");
  }

  @Test
  void githubEnterpriseNeedsTheProviderAndGetsApiV3() {
    var target =
        Repositories.fromRemoteUrl("https://ghe.corp.example/acme/profiles.git", Provider.GITHUB);

    assertThat(target.apiBase()).isEqualTo(URI.create("https://ghe.corp.example/api/v3"));
    assertThat(target.host()).isEqualTo("ghe.corp.example");
  }

  @ParameterizedTest
  @CsvSource({
    "https://git.example.org/acme/profiles.git, https://git.example.org/api/v1",
    "https://git.example.org:3000/acme/profiles, https://git.example.org:3000/api/v1",
    "git@git.example.org:acme/profiles.git, https://git.example.org/api/v1",
    "https://example.org/gitea/acme/profiles.git, https://example.org/gitea/api/v1",
  })
  void giteaRemotesWithTheProvider(String url, String api) {
    var target = Repositories.fromRemoteUrl(url, Provider.GITEA);

    assertThat(target.provider()).isEqualTo(Provider.GITEA);
    assertThat(target.repository()).isEqualTo("acme/profiles");
    assertThat(target.apiBase()).isEqualTo(URI.create(api));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://gitea.example.org/acme/profiles.git",
        "https://codeberg.org/acme/profiles.git",
        "git@forgejo.example.org:acme/profiles.git"
      })
  void giteaAndForgejoHostsAreRecognised(String url) {
    assertThat(Repositories.fromRemoteUrl(url).provider()).isEqualTo(Provider.GITEA);
  }

  @Test
  void anUnknownHostNeedsTheProviderFlag() {
    assertThatThrownBy(
            () -> Repositories.fromRemoteUrl("https://me:s3cr3t@git.example.org/acme/p.git"))
        .isInstanceOf(HostingException.class)
        .hasMessage(
            "remote URL https://git.example.org/acme/p.git: cannot tell which hosting service"
                + " git.example.org runs; pass --provider github, gitlab or gitea");
  }

  @Test
  void urlsThatNameNoRepositoryAreRefused() {
    assertThatThrownBy(() -> Repositories.fromRemoteUrl("https://github.com/acme"))
        .hasMessage("remote URL https://github.com/acme names no OWNER/REPO; check the URL");
    assertThatThrownBy(() -> Repositories.fromRemoteUrl("https://github.com/a/b/c"))
        .hasMessageContaining("a GitHub repository is HOST/OWNER/REPO");
    assertThatThrownBy(() -> Repositories.fromRemoteUrl("file:///srv/git/profiles.git"))
        .hasMessageContaining("is a local path");
    assertThatThrownBy(() -> Repositories.fromRemoteUrl("/srv/git/profiles.git"))
        .hasMessageContaining("is a local path");
    assertThatThrownBy(() -> Repositories.fromRemoteUrl("profiles"))
        .hasMessage(
            "remote URL profiles is not a URL this tool can read; use https://HOST/OWNER/REPO");
  }

  @Test
  void plainHttpIsOnlyForLoopback() {
    assertThatThrownBy(
            () ->
                Repositories.fromRemoteUrl(
                    "http://gitlab.internal.example/group/repo.git", Provider.GITLAB))
        .hasMessageContaining("the token would be sent unencrypted over http; use https");

    var local = Repositories.fromRemoteUrl("http://127.0.0.1:3000/acme/p.git", Provider.GITEA);
    assertThat(local.apiBase()).isEqualTo(URI.create("http://127.0.0.1:3000/api/v1"));
  }

  @Test
  void apiUrlsWithCredentialsAreRefusedWithoutShowingThem() {
    assertThatThrownBy(
            () ->
                HostingTarget.of(
                    Provider.GITLAB, "https://u:s3cr3t@gitlab.example/api/v4", "g", "r"))
        .hasMessage(
            "API URL https://gitlab.example/api/v4 carries credentials; pass the token with"
                + " --token-file instead")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void aTargetCanBeMovedToAnotherApiUrl() {
    var target =
        Repositories.fromRemoteUrl("https://ghe.corp.example/acme/p", Provider.GITHUB)
            .withApiBase(URI.create("https://api.ghe.corp.example/"));

    assertThat(target.apiBase()).isEqualTo(URI.create("https://api.ghe.corp.example"));
    assertThat(target.host()).isEqualTo("ghe.corp.example");
  }

  @Test
  void providerNames() {
    assertThat(Provider.parse("GitHub")).isEqualTo(Provider.GITHUB);
    assertThat(Provider.parse("gitlab")).isEqualTo(Provider.GITLAB);
    assertThat(Provider.parse("forgejo")).isEqualTo(Provider.GITEA);
    assertThatThrownBy(() -> Provider.parse("bitbucket"))
        .hasMessage("provider 'bitbucket' is not known; use github, gitlab, gitea or forgejo");
  }
}

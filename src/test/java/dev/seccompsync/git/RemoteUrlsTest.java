package dev.seccompsync.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteUrlsTest {

  @Test
  void removesUserAndPasswordFromAnHttpsUrl() {
    var redacted = RemoteUrls.redact("https://user:secret-token@host.example/x.git");

    assertThat(redacted).doesNotContain("secret-token").isEqualTo("https://host.example/x.git");
  }

  @Test
  void removesATokenGivenAsUserName() {
    var redacted = RemoteUrls.redact("https://secret-token@host.example:8443/org/x.git");

    assertThat(redacted).isEqualTo("https://host.example:8443/org/x.git");
  }

  @Test
  void removesThePasswordOfAnSshUrl() {
    var redacted = RemoteUrls.redact("ssh://git:secret-token@host.example/org/x.git");

    assertThat(redacted).isEqualTo("ssh://host.example/org/x.git");
  }

  @Test
  void removesAPasswordWithAnEmptyUserName() {
    var redacted = RemoteUrls.redact("https://:secret-token@host.example/x.git");

    assertThat(redacted).isEqualTo("https://host.example/x.git");
  }

  @Test
  void keepsUrlsWithoutCredentials() {
    var urls =
        new String[] {
          "https://host.example/x.git",
          "git@host.example:org/x.git",
          "/srv/git/x.git",
          "file:///srv/x"
        };

    for (var url : urls) {
      assertThat(RemoteUrls.redact(url)).isEqualTo(url);
    }
  }

  @Test
  void recognisesUrlsAndScpStyleAddressesAsRemote() {
    var remote = new SourceSpec("git@host.example:org/x.git", null, null);
    var https = new SourceSpec("https://host.example/x.git", null, null);
    var local = new SourceSpec("/srv/git/x.git", null, null);

    assertThat(remote.isRemote()).isTrue();
    assertThat(https.isRemote()).isTrue();
    assertThat(local.isRemote()).isFalse();
    assertThat(local.paths()).isEmpty();
  }
}

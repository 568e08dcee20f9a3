package dev.seccompsync.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Credentials in a remote URL become a credentials provider and never travel unencrypted. */
class RemoteLocationTest {

  @Test
  void movesATokenOutOfAnHttpsUrl() {
    var location = RemoteLocation.of("https://ghp_secret@git.example.com/org/policies.git", null);

    assertThat(location.url()).isEqualTo("https://git.example.com/org/policies.git");
    assertThat(location.secret()).isEqualTo("ghp_secret");
    assertThat(location.credentials()).isNotNull();
  }

  @Test
  void refusesCredentialsOverPlainHttpToAnotherHost() {
    assertThatThrownBy(() -> RemoteLocation.of("http://user:secret@git.example.com/x.git", null))
        .isInstanceOf(GitSourceException.class)
        .hasMessage(
            "repository http://git.example.com/x.git: credentials in an http:// URL would be sent"
                + " unencrypted; use https");
  }

  @Test
  void allowsCredentialsOverPlainHttpOnLoopback() {
    var location = RemoteLocation.of("http://user:secret@127.0.0.1:8080/x.git", null);

    assertThat(location.url()).isEqualTo("http://127.0.0.1:8080/x.git");
  }

  @Test
  void leavesSshUsersAlone() {
    var location = RemoteLocation.of("ssh://git@git.example.com/org/policies.git", null);

    assertThat(location.url()).isEqualTo("ssh://git@git.example.com/org/policies.git");
    assertThat(location.secret()).isNull();
  }
}

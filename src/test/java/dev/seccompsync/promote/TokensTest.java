package dev.seccompsync.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {

  private static final String SECRET = "glpat-Y7dQ-secret";

  @Test
  void theTokenFileWinsAndIsTrimmed(@TempDir Path dir) throws IOException {
    var file = dir.resolve("token");
    Files.writeString(file, "  " + SECRET + "\n");

    var token = Tokens.resolve(Provider.GITLAB, file, Map.of("GITLAB_TOKEN", "other"));

    assertThat(token.value()).isEqualTo(SECRET);
    assertThat(token.toString()).doesNotContain(SECRET).contains(file.toString());
  }

  @Test
  void eachProviderHasItsVariable() {
    var env = Map.of("GITHUB_TOKEN", "a", "GITLAB_TOKEN", "b", "GITEA_TOKEN", "c");

    assertThat(Tokens.resolve(Provider.GITHUB, null, env).value()).isEqualTo("a");
    assertThat(Tokens.resolve(Provider.GITLAB, null, env).value()).isEqualTo("b");
    assertThat(Tokens.resolve(Provider.GITEA, null, env).value()).isEqualTo("c");
  }

  @Test
  void noTokenNamesTheVariable() {
    assertThatThrownBy(() -> Tokens.resolve(Provider.GITEA, null, Map.of("GITEA_TOKEN", " ")))
        .isInstanceOf(HostingException.class)
        .hasMessage("no token for Gitea: GITEA_TOKEN is not set; set it or pass --token-file");
  }

  @Test
  void aMissingOrEmptyFileIsNamed(@TempDir Path dir) throws IOException {
    var missing = dir.resolve("nope");
    assertThatThrownBy(() -> Tokens.resolve(Provider.GITHUB, missing, Map.of()))
        .hasMessage(
            "token file " + missing + " does not exist; check the path given to --token-file");

    var empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> Tokens.resolve(Provider.GITHUB, empty, Map.of()))
        .hasMessage("token file " + empty + " is empty; give the token itself");
  }

  @Test
  void aFileWithMoreThanTheTokenIsRefusedWithoutShowingIt(@TempDir Path dir) throws IOException {
    var file = Files.writeString(dir.resolve("token"), SECRET + "\nsecond line\n");

    assertThatThrownBy(() -> Tokens.resolve(Provider.GITHUB, file, Map.of()))
        .hasMessageContaining("token file " + file + " holds a space, a line break")
        .hasMessageNotContaining(SECRET);
  }
}

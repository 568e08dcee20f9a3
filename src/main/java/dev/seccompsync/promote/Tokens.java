package dev.seccompsync.promote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Finds the API token: a {@code --token-file}, or the provider's environment variable. */
public final class Tokens {

  private Tokens() {}

  /**
   * The token for {@code provider}.
   *
   * @param tokenFile the {@code --token-file} path, whose content (trimmed) is the token; {@code
   *     null} to read {@code GITHUB_TOKEN}, {@code GITLAB_TOKEN} or {@code GITEA_TOKEN} instead
   * @param environment the process environment ({@code System.getenv()})
   */
  public static Token resolve(Provider provider, Path tokenFile, Map<String, String> environment) {
    if (tokenFile != null) {
      return Token.fromFile(tokenFile, read(tokenFile).strip());
    }
    var variable = provider.tokenVariable();
    var value = environment.get(variable);
    if (value == null || value.isBlank()) {
      throw new HostingException(
          "no token for "
              + provider.displayName()
              + ": "
              + variable
              + " is not set; set it or pass --token-file");
    }
    return Token.fromVariable(variable, value.strip());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new HostingException(
          "token file " + file + " does not exist; check the path given to --token-file", e);
    } catch (IOException e) {
      throw new HostingException(
          "token file "
              + file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "); check its path and permissions",
          e);
    }
  }
}

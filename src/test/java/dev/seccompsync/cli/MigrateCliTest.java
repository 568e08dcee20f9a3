package dev.seccompsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate} on a work tree, as a person runs it. */
class MigrateCliTest {

  @TempDir Path directory;

  @Test
  void dryRunListsThenMigrateRewritesAndASecondRunFindsNothing() throws IOException {
    var file = directory.resolve("team-a/web.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        apiVersion: security-profiles-operator.x-k8s.io/v1beta1
        kind: SeccompProfile
        metadata:
          name: web
          namespace: team-a
        spec:
          defaultAction: SCMP_ACT_ERRNO
          disabled: false
        """);
    var original = Files.readString(file);

    var dry = CliRun.of("migrate", "--to", "C", "--repo", directory.toString(), "--dry-run");
    assertThat(dry.exitCode()).isEqualTo(1);
    assertThat(dry.out())
        .endsWith("migrate: 3 changes in 1 file to generation C (dry run, nothing written)\n")
        .contains(
            "team-a/web.yaml:8: SeccompProfile/team-a/web: spec.disabled: false ->"
                + " spec.state: Enabled");
    assertThat(Files.readString(file)).isEqualTo(original);

    var run = CliRun.of("migrate", "--to", "C", "--repo", directory.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .endsWith(
            "migrate: 3 changes in 1 file to generation C; review with git diff and commit\n");
    assertThat(Files.readString(file))
        .isEqualTo(
            """
            apiVersion: security-profiles-operator.x-k8s.io/v1
            kind: SeccompProfile
            metadata:
              name: web
            spec:
              defaultAction: SCMP_ACT_ERRNO
              state: Enabled
            """);

    var again = CliRun.of("migrate", "--to", "C", "--repo", directory.toString(), "--dry-run");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out())
        .isEqualTo("migrate: 0 changes in 0 files to generation C (dry run, nothing written)\n");
  }

  @Test
  void linksAreNotFollowedOutOfTheRepository() throws IOException {
    var outside = Files.createTempFile("outside-", ".yaml");
    var old =
        """
        apiVersion: security-profiles-operator.x-k8s.io/v1beta1
        kind: SeccompProfile
        metadata: {name: out, namespace: team-a}
        spec: {defaultAction: SCMP_ACT_ERRNO}
        """;
    Files.writeString(outside, old);
    var dir = directory.resolve("c");
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("link.yaml"), outside);
    try {
      var run = CliRun.of("migrate", "--to", "C", "--repo", directory.toString(), "--path", "c");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err()).contains("warning: c/link.yaml: not migrated: a symbolic link");
      assertThat(Files.readString(outside)).isEqualTo(old);
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void badTargetsAndMissingDirectoriesAreOneLineErrors() {
    var back = CliRun.of("migrate", "--to", "A", "--repo", directory.toString());
    assertThat(back.exitCode()).isEqualTo(2);
    assertThat(back.err()).startsWith("error: --to A: migrate only goes forward, to B or C\n");
    var typo = CliRun.of("migrate", "--to", "D", "--repo", directory.toString());
    assertThat(typo.err()).startsWith("error: --to must be B or C, not 'D'\n");
    var missing = CliRun.of("migrate", "--to", "C", "--repo", directory.resolve("nope").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo(
            "error: repository %s: no such directory; migrate rewrites a work tree\n"
                .formatted(directory.resolve("nope")));
  }
}

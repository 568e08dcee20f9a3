package dev.seccompsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's own example manifests, read from the shared fixtures when they are present, apply
 * cleanly to a generation-C server and are in sync afterwards.
 */
@RealCluster(SpoGeneration.C)
class UpstreamExamplesTest {

  private static final Path EXAMPLES =
      LocalCluster.projectDirectory().resolve("../shared/fixtures/spo/examples");

  @TempDir Path directory;

  @Test
  void upstreamExamplesApplyAndThenMatch(LocalCluster cluster) throws IOException {
    assumeTrue(Files.isDirectory(EXAMPLES), "the shared SPO fixtures are not next to the project");
    var files = new LinkedHashMap<String, String>();
    try (var list = Files.list(EXAMPLES)) {
      for (var file : list.sorted().toList()) {
        files.put("examples/" + file.getFileName(), Files.readString(file));
      }
    }
    // Several examples define the same object in different ways, so each file is synced alone.
    try (var repo = GitRepos.init(directory)) {
      repo.commit("upstream examples", files);
      for (var file : files.keySet()) {
        var harness = new SyncHarness(cluster, repo.root(), List.of(file));

        var applied = harness.apply();

        assertThat(applied.problems()).as(file).filteredOn(p -> p.isError()).isEmpty();
        assertThat(applied.objects())
            .as(file)
            .isNotEmpty()
            .extracting(ObjectResult::action)
            .doesNotContain(Action.FAILED, Action.SKIPPED);
        assertThat(harness.diff().objects())
            .as(file)
            .extracting(ObjectResult::action)
            .containsOnly(Action.UNCHANGED);
        assertThat(harness.requests().writes()).as(file).isZero();
      }
    }
  }
}

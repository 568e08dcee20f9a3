package dev.seccompsync.sync;

import dev.seccompsync.git.GitSource;
import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.ManifestLoader;
import dev.seccompsync.manifest.Problem;
import java.util.ArrayList;

/** Reads a repository at a revision and loads every manifest in it. */
public final class SourceLoader {

  private final GitSource git;
  private final LoadOptions options;

  public SourceLoader(GitSource git, LoadOptions options) {
    this.git = git;
    this.options = options;
  }

  /**
   * Loads the source. Broken files become problems; the other files still load.
   *
   * @throws dev.seccompsync.git.GitSourceException when the repository cannot be read at all
   */
  public Source load(SourceSpec spec) {
    return load(spec, null);
  }

  /**
   * Loads the source unless its revision still resolves to {@code unlessCommit}.
   *
   * @return the source, or {@code null} when the revision has not moved
   */
  public Source load(SourceSpec spec, String unlessCommit) {
    var snapshot = git.read(spec, unlessCommit);
    if (snapshot == null) {
      return null;
    }
    var loader = new ManifestLoader(options);
    var manifests = new ArrayList<Manifest>();
    var problems = new ArrayList<Problem>(snapshot.problems());
    for (var file : snapshot.files()) {
      var result = loader.load(file.path(), file.content());
      manifests.addAll(result.manifests());
      problems.addAll(result.problems());
    }
    return new Source(snapshot, manifests, problems);
  }
}

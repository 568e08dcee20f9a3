package dev.seccompsync.git;

import java.util.List;

/**
 * Which part of which repository holds the desired state.
 *
 * @param repository a local path (work tree or bare) or a URL (https, ssh, git, file)
 * @param revision a branch, tag or commit; {@code null} for the default branch
 * @param paths sub-directories to read; empty for the whole tree
 */
public record SourceSpec(String repository, String revision, List<String> paths) {

  public SourceSpec {
    paths = paths == null ? List.of() : List.copyOf(paths);
  }

  /** Whether the repository is given as a URL rather than a local path. */
  public boolean isRemote() {
    return repository.contains("://") || repository.matches("^[\\w.-]+@[\\w.-]+:.*");
  }
}

package dev.seccompsync.git;

import java.util.List;

/**
 * Which part of which repository holds the desired state.
 *
 * @param repository a local path (work tree or bare) or a URL (https, ssh, git, file)
 * @param revision a branch, tag or commit; {@code null} for the default branch
 * @param paths sub-directories to read; empty for the whole tree
 * @param fallbackRefs for a remote and a revision that is a commit id: refs that hold the commit
 *     when the remote will not hand it out by its id, such as {@code refs/pull/7/head}; fetched
 *     only when the branches, the tags and the commit id itself did not bring it
 */
public record SourceSpec(
    String repository, String revision, List<String> paths, List<String> fallbackRefs) {

  public SourceSpec {
    paths = paths == null ? List.of() : List.copyOf(paths);
    fallbackRefs = fallbackRefs == null ? List.of() : List.copyOf(fallbackRefs);
  }

  public SourceSpec(String repository, String revision, List<String> paths) {
    this(repository, revision, paths, List.of());
  }

  /** The same source at {@code commit}, fetched through {@code refs} when it is not cached. */
  public SourceSpec atCommit(String commit, List<String> refs) {
    return new SourceSpec(repository, commit, paths, refs);
  }

  /** Whether the repository is given as a URL rather than a local path. */
  public boolean isRemote() {
    return repository.contains("://") || repository.matches("^[\\w.-]+@[\\w.-]+:.*");
  }
}

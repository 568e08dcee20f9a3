package dev.seccompsync.git;

import dev.seccompsync.manifest.Problem;
import java.util.List;

/**
 * The manifest files of a repository at one commit.
 *
 * @param repository the repository as shown to people, without credentials
 * @param revision the revision asked for, or the default branch's name
 * @param commit the full commit id the revision resolved to
 * @param files the YAML and JSON files below the requested paths
 * @param problems entries that were skipped: links, submodules, LFS pointers
 */
public record SourceSnapshot(
    String repository,
    String revision,
    String commit,
    List<SourceFile> files,
    List<Problem> problems) {}

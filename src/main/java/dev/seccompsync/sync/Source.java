package dev.seccompsync.sync;

import dev.seccompsync.git.SourceSnapshot;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.Problem;
import java.util.List;

/**
 * Git's side of a run: the snapshot that was read, the manifests found in it, and the problems with
 * its files.
 */
public record Source(SourceSnapshot snapshot, List<Manifest> manifests, List<Problem> problems) {}

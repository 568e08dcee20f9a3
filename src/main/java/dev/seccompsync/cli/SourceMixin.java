package dev.seccompsync.cli;

import dev.seccompsync.git.SourceSpec;
import dev.seccompsync.manifest.LoadOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the desired state is: repository, revision, paths. */
final class SourceMixin {

  @Option(
      names = "--repo",
      paramLabel = "PATH|URL",
      defaultValue = ".",
      description = "Git repository: a local work tree or bare repository, or a URL (default: .).")
  String repository;

  @Option(
      names = "--revision",
      paramLabel = "REV",
      description = "Branch, tag or commit to read (default: the default branch).")
  String revision;

  @Option(
      names = "--path",
      paramLabel = "DIR",
      description = "Sub-directory to read; repeat for several (default: the whole tree).")
  List<String> paths = new ArrayList<>();

  @Option(names = "--strict", description = "Treat documents of other kinds as errors.")
  boolean strict;

  @Option(
      names = "--convert",
      description =
          "Load raw seccomp profiles (runtime or Docker JSON files) as SeccompProfiles named"
              + " after their files.")
  boolean convert;

  SourceSpec spec() {
    return new SourceSpec(repository, revision, paths);
  }

  LoadOptions loadOptions() {
    return LoadOptions.defaults().withStrict(strict).withConvertRaw(convert);
  }
}

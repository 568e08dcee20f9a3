package dev.seccompsync.cli;

import dev.seccompsync.SeccompSyncException;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.migrate.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code seccomp-sync migrate}: rewrites a work tree's manifests for a newer SPO generation. */
@Command(
    name = "migrate",
    description = {
      "Rewrite the manifests of a work tree for a newer SPO generation, in place, keeping"
          + " comments, layout and line endings.",
      "apiVersion to the target's storage version; metadata.namespace dropped from kinds that"
          + " became cluster-scoped (colliding names renamed, with the bindings and base"
          + " profiles that name them); for C, spec.disabled -> spec.state, SELinux"
          + " permissive -> mode, AppArmor complainMode -> mode, recording enums spelled for v1."
    },
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    sortOptions = false,
    footer = {
      "",
      "Exit codes: 0 done (or nothing to do); 1 with --dry-run, there is something to migrate;"
          + " 2 error."
    })
final class MigrateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "B|C",
      description = "The generation to migrate to.")
  String to;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The work tree to rewrite (default: .).")
  Path repository;

  @Option(
      names = "--path",
      paramLabel = "DIR",
      description = "Sub-directory to rewrite; repeat for several (default: the whole tree).")
  List<String> paths = new ArrayList<>();

  @Option(names = "--dry-run", description = "Print what would change; write nothing.")
  boolean dryRun;

  @Mixin CommonMixin common;

  @Override
  public Integer call() throws IOException {
    SpoGeneration target;
    try {
      target = SpoGeneration.valueOf(to.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--to must be B or C, not '%s'".formatted(to));
    }
    if (target == SpoGeneration.A) {
      throw new ParameterException(
          spec.commandLine(), "--to A: migrate only goes forward, to B or C");
    }
    if (!Files.isDirectory(repository)) {
      throw new SeccompSyncException(
          "repository %s: no such directory; migrate rewrites a work tree".formatted(repository));
    }
    var skipped = new ArrayList<String>();
    var files = read(skipped);
    var result = new Migrator(target).migrate(files);
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    result.changes().forEach(out::println);
    skipped.forEach(s -> err.println("warning: " + s));
    result.skipped().forEach(s -> err.println("warning: " + s));
    if (!dryRun) {
      for (var entry : result.rewritten().entrySet()) {
        Files.write(repository.toAbsolutePath().resolve(entry.getKey()), entry.getValue());
      }
    }
    out.println(
        "migrate: %d change%s in %d file%s to generation %s%s"
            .formatted(
                result.changes().size(),
                result.changes().size() == 1 ? "" : "s",
                result.rewritten().size(),
                result.rewritten().size() == 1 ? "" : "s",
                target,
                dryRun
                    ? " (dry run, nothing written)"
                    : result.rewritten().isEmpty() ? "" : "; review with git diff and commit"));
    out.flush();
    err.flush();
    return dryRun && !result.rewritten().isEmpty() ? 1 : 0;
  }

  private TreeMap<String, byte[]> read(List<String> skipped) throws IOException {
    var repository = this.repository.toAbsolutePath().normalize();
    var roots = new ArrayList<Path>();
    if (paths.isEmpty()) {
      roots.add(repository);
    } else {
      for (var path : paths) {
        var root = repository.resolve(path).normalize();
        if (!root.startsWith(repository) || !Files.isDirectory(root)) {
          throw new SeccompSyncException(
              "repository %s: --path %s is not a directory in it".formatted(repository, path));
        }
        roots.add(root);
      }
    }
    var files = new TreeMap<String, byte[]>();
    for (var root : roots) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (var file :
            walk.filter(f -> !repository.relativize(f).startsWith(".git"))
                .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                .toList()) {
          var relative = repository.relativize(file).toString();
          if (Files.isSymbolicLink(file)) {
            // Never rewrite what a link points at: it may be outside the repository.
            skipped.add(relative + ": not migrated: a symbolic link");
          } else if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            files.put(relative, Files.readAllBytes(file));
          }
        }
      }
    }
    return files;
  }
}

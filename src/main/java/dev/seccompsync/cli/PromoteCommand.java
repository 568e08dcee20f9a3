package dev.seccompsync.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code seccomp-sync promote}. */
@Command(
    name = "promote",
    description =
        "Propose the seccomp profiles SPO recorded as a pull request on the policy repository:"
            + " one branch (seccomp-sync/promote/NAMESPACE/RECORDING) and one pull request per"
            + " recording, updated in place on every run. Only adds syscalls unless --replace;"
            + " people's commits on the branch are kept. -n selects the recording's namespace.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    sortOptions = false,
    footer = {
      "",
      "Exit codes: 0 done (also: nothing new, merge pending); 1 a branch was left alone because"
          + " people's commits conflict, or a file in Git does not load; 2 error (other"
          + " recordings are still promoted)."
    })
final class PromoteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--repo",
      required = true,
      paramLabel = "URL|PATH",
      description = "The policy repository to propose to (a URL, or a local repository).")
  String repository;

  @Option(
      names = "--base",
      paramLabel = "BRANCH",
      description = "Branch the pull requests go into (default: the repository's default branch).")
  String base;

  @Option(
      names = "--path",
      paramLabel = "DIR",
      description = "Directory of the repository whose manifests are the profiles (repeatable).")
  List<String> paths = new ArrayList<>();

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selection selection;

  static final class Selection {
    @Option(names = "--recording", paramLabel = "NAME", description = "Promote this recording.")
    String recording;

    @Option(names = "--all", description = "Promote every recording.")
    boolean all;

    @Option(
        names = {"-l", "--selector"},
        paramLabel = "SELECTOR",
        description = "Promote the recorded profiles matching this label selector.")
    String selector;
  }

  @Option(
      names = "--merge-partials",
      description = "Merge partial profiles here, as the operator would, instead of waiting.")
  boolean mergePartials;

  @Option(
      names = "--per-replica",
      description = "Refuse to unite the profiles of several replicas of one container.")
  boolean perReplica;

  @Option(
      names = "--replace",
      description = "Make Git's rules exactly the recorded ones (drops syscalls not recorded).")
  boolean replace;

  @Option(
      names = "--name-template",
      paramLabel = "TEMPLATE",
      description = "Profile name in Git (default: {recording}-{container}; also {namespace}).")
  String nameTemplate;

  @Option(
      names = "--path-template",
      paramLabel = "TEMPLATE",
      description =
          "File for a new profile (default: profiles/{name}.yaml below the first --path; also"
              + " {namespace}, {recording}, {container}).")
  String pathTemplate;

  @Mixin HostingMixin hosting;

  @Option(
      names = "--no-pull-request",
      description = "Push the branches only; open no pull requests.")
  boolean noPullRequest;

  @Option(names = "--label", paramLabel = "NAME", description = "Label new pull requests.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--reviewer", paramLabel = "USER", description = "Ask for a review.")
  List<String> reviewers = new ArrayList<>();

  @Option(
      names = "--draft",
      negatable = true,
      description =
          "Open new pull requests as drafts (--no-draft: not, whatever the repository's"
              + " settings say).")
  Boolean draft;

  @Option(
      names = "--author",
      paramLabel = "NAME <EMAIL>",
      description =
          "Author of the commits (default: seccomp-sync"
              + " <seccomp-sync@users.noreply.localhost>).")
  String author;

  @Option(
      names = "--dry-run",
      description = "Print the branch, the files and the pull request; push and call nothing.")
  boolean dryRun;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: text).")
  String output;

  @Mixin KubeMixin kube;

  @Mixin CommonMixin common;

  @Override
  public Integer call() {
    if (!output.equals("text") && !output.equals("json")) {
      throw new ParameterException(
          spec.commandLine(), "--output must be text or json, not '%s'".formatted(output));
    }
    if (noPullRequest && hosting.given()) {
      throw new ParameterException(
          spec.commandLine(),
          "--no-pull-request opens no pull request; drop --provider, --api-url, --project and"
              + " --token-file");
    }
    return new PromoteRunner(this).run(spec.commandLine().getOut());
  }
}

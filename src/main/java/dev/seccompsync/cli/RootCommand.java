package dev.seccompsync.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code seccomp-sync}: lists the subcommands. */
@Command(
    name = "seccomp-sync",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Keeps Security Profiles Operator objects in a cluster in sync with Git.",
    subcommands = {
      DiffCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      DriftCommand.class,
      ValidateCommand.class,
      MigrateCommand.class,
      PromoteCommand.class,
      ReconcileCommand.class,
      StatusCommand.class,
      VersionCommand.class,
      picocli.CommandLine.HelpCommand.class
    },
    footer = ExitCodesFooter.TEXT)
final class RootCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

package dev.seccompsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code seccomp-sync version}. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println("seccomp-sync " + version());
    return 0;
  }

  static String version() {
    var version = VersionCommand.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }

  /** For {@code --version}. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"seccomp-sync " + version()};
    }
  }
}

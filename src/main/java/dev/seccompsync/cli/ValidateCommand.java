package dev.seccompsync.cli;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.validate.Finding.Severity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code seccomp-sync validate}: offline checks of a policy repository. */
@Command(
    name = "validate",
    description = {
      "Check a policy repository before it reaches a cluster; offline unless --kubeconfig or"
          + " --context is given.",
      "Schema of the target generation, syscall names per architecture, rule conflicts,"
          + " errnoRet, base profiles and bindings, the operator's allowedSyscalls and"
          + " allowedSeccompActions, and what a newer generation needs (see migrate)."
    },
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    sortOptions = false,
    footer = {
      "",
      "Exit codes: 0 no findings at or above --fail-on; 1 findings; 2 error (a repository or"
          + " cluster that cannot be read)."
    })
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SourceMixin source;

  @Mixin KubeMixin kube;

  @Mixin CommonMixin common;

  @Option(
      names = "--generation",
      paramLabel = "A|B|C",
      description =
          "SPO API generation to check against (default: the cluster's with --kubeconfig, else"
              + " guessed from the manifests).")
  String generation;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, json or sarif (SARIF 2.1.0, for code scanning; default: text).")
  String output;

  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      defaultValue = "error",
      description =
          "Exit 1 on findings of this severity or worse: error or warning (default: error).")
  String failOn;

  @Override
  public Integer call() {
    var target = generation();
    var threshold =
        switch (failOn) {
          case "error" -> Severity.ERROR;
          case "warning" -> Severity.WARNING;
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "--fail-on must be error or warning, not '%s'".formatted(failOn));
        };
    if (!output.equals("text") && !output.equals("json") && !output.equals("sarif")) {
      throw new ParameterException(
          spec.commandLine(), "--output must be text, json or sarif, not '%s'".formatted(output));
    }
    var online = kube.kubeconfig != null || kube.context != null;
    var result =
        new ValidateRunner(source.spec(), source.loadOptions(), online ? kube.options() : null)
            .run(target);
    var out = spec.commandLine().getOut();
    switch (output) {
      case "json" -> out.print(dev.seccompsync.report.ValidationReport.json(result));
      case "sarif" ->
          out.print(
              dev.seccompsync.report.ValidationReport.sarif(result, VersionCommand.version()));
      default ->
          dev.seccompsync.report.ValidationReport.text(
              result, out, new dev.seccompsync.report.Style(Terminal.isColour()));
    }
    out.flush();
    return result.fails(threshold) ? 1 : 0;
  }

  private SpoGeneration generation() {
    if (generation == null) {
      return null;
    }
    try {
      return SpoGeneration.valueOf(generation.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--generation must be A, B or C, not '%s'".formatted(generation));
    }
  }
}

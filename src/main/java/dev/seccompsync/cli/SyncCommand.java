package dev.seccompsync.cli;

import dev.seccompsync.diff.RunResult;
import dev.seccompsync.report.ExitCodes;
import dev.seccompsync.report.JsonReport;
import dev.seccompsync.report.MarkdownReport;
import dev.seccompsync.report.Style;
import dev.seccompsync.report.TextReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code diff}, {@code apply} and {@code drift} share: the source and cluster flags, the
 * output format, and turning a run's result into output and an exit code. The cluster is only
 * touched inside {@link #call()}, through {@link SyncRunner}, so that {@code --help} loads no
 * Kubernetes client.
 */
abstract class SyncCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SourceMixin source;

  @Mixin KubeMixin kube;

  @Mixin CommonMixin common;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: text).")
  OutputFormat output;

  @Override
  public Integer call() {
    checkCommon();
    var result = run(new SyncRunner(source.spec(), source.loadOptions(), kube.options()));
    print(result);
    return ExitCodes.of(result);
  }

  /** Checks the flags every command shares. */
  void checkCommon() {
    if (common.concurrency < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--concurrency must be at least 1, got " + common.concurrency);
    }
  }

  /** Runs the command's engine operation. */
  abstract RunResult run(SyncRunner runner);

  /** Writes the result in the {@code -o} format. */
  void print(RunResult result) {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    switch (output) {
      case json -> out.print(JsonReport.render(result));
      case yaml -> out.print(JsonReport.renderYaml(result));
      case markdown -> out.print(MarkdownReport.render(result));
      default -> new TextReport(new Style(Terminal.isColour())).render(result, out, err);
    }
    if (output != OutputFormat.text) {
      dev.seccompsync.report.Problems.print(result.problems(), err, Style.PLAIN);
    }
    out.flush();
    err.flush();
  }
}

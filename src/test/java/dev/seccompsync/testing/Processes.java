package dev.seccompsync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a helper process with a time limit and collects its output. */
public final class Processes {
  private Processes() {}

  /** A finished process: exit code and combined stdout and stderr. */
  public record Result(int exitCode, String output) {}

  public static Result run(List<String> command, long timeoutSeconds) {
    try {
      var process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      var output = new StringBuilder();
      var reader =
          new Thread(
              () -> {
                try {
                  output.append(
                      new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                  output.append("(output lost: ").append(e.getMessage()).append(')');
                }
              });
      reader.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        reader.join(5000);
        return new Result(-1, output + "\n(timed out after " + timeoutSeconds + " s)");
      }
      reader.join();
      return new Result(process.exitValue(), output.toString());
    } catch (IOException e) {
      return new Result(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}

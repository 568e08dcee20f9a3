package dev.seccompsync.testing;

import dev.seccompsync.cluster.KubeClients;
import dev.seccompsync.cluster.KubeOptions;
import dev.seccompsync.cluster.RequestLog;
import dev.seccompsync.cluster.SpoGeneration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real kube-apiserver on 127.0.0.1, built and started by {@code examples/local-cluster/start.sh},
 * with the SPO CRDs of one generation. Tests share it, so each test names its objects with {@link
 * #uniqueName}.
 */
public final class LocalCluster {

  private static final AtomicInteger NAMES = new AtomicInteger();

  private final SpoGeneration generation;
  private final Path kubeconfig;

  private LocalCluster(SpoGeneration generation, Path kubeconfig) {
    this.generation = generation;
    this.kubeconfig = kubeconfig;
  }

  static LocalCluster start(SpoGeneration generation, Path workDirectory) {
    var kubeconfig =
        workDirectory
            .resolve("gen-" + generation.name().toLowerCase(Locale.ROOT))
            .resolve("kubeconfig");
    var script = projectDirectory().resolve("examples/local-cluster/start.sh");
    stopQuietly(kubeconfig);
    var result =
        Processes.run(
            List.of(
                script.toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--spo-generation",
                generation.name()),
            1800);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "start.sh failed (exit %d):%n%s".formatted(result.exitCode(), result.output()));
    }
    return new LocalCluster(generation, kubeconfig);
  }

  void stop() {
    stopQuietly(kubeconfig);
  }

  private static void stopQuietly(Path kubeconfig) {
    if (Files.exists(Path.of(kubeconfig + ".pid"))) {
      var script = projectDirectory().resolve("examples/local-cluster/stop.sh");
      Processes.run(List.of(script.toString(), "--kubeconfig", kubeconfig.toString()), 60);
    }
  }

  /** The project's root directory, where {@code pom.xml} is. */
  public static Path projectDirectory() {
    var configured = System.getProperty("seccompsync.projectDir");
    return Path.of(configured != null ? configured : ".").toAbsolutePath().normalize();
  }

  public SpoGeneration generation() {
    return generation;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public KubeOptions options() {
    return new KubeOptions(kubeconfig.toString(), null, null, null);
  }

  /** A new client whose requests are counted in {@code requests}. */
  public KubernetesClient client(RequestLog requests) {
    return KubeClients.connect(options(), requests);
  }

  /** A DNS-label name unique within this test run, such as {@code web-7}. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() % 10000 + "-" + NAMES.incrementAndGet();
  }

  /** Runs kubectl against this server, as a person would; fails the test if kubectl fails. */
  public String kubectl(String... args) {
    var result = kubectlResult(args);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "kubectl " + String.join(" ", args) + " failed:\n" + result.output());
    }
    return result.output();
  }

  /** Runs kubectl and returns its exit code and output, whatever they are. */
  public Processes.Result kubectlResult(String... args) {
    var command = new ArrayList<String>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return Processes.run(command, 120);
  }

  /** Applies YAML with kubectl's server-side apply under the given field manager. */
  public String kubectlApply(String manager, String yaml) {
    try {
      var file = Files.createTempFile("manifest-", ".yaml");
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
      try {
        return kubectl(
            "apply", "--server-side", "--field-manager=" + manager, "-f", file.toString());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

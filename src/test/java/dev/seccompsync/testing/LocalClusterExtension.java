package dev.seccompsync.testing;

import dev.seccompsync.cluster.SpoGeneration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Starts one local API server per SPO generation for the whole test run (the first test class that
 * needs it starts it; the end of the run stops it) and hands it to tests. Without Go the server
 * cannot be built: the tests are skipped with that reason, except under {@code CI=true}, where they
 * fail.
 */
public final class LocalClusterExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    var generation =
        context.getRequiredTestClass().getAnnotation(RealCluster.class) == null
            ? SpoGeneration.C
            : context.getRequiredTestClass().getAnnotation(RealCluster.class).value();
    var store = context.getRoot().getStore(NAMESPACE);
    var started =
        store.computeIfAbsent("cluster-" + generation, key -> start(generation), Started.class);
    if (started.failure() != null) {
      throw started.failure();
    }
    return started.cluster();
  }

  private static Started start(SpoGeneration generation) {
    if (!goAvailable()) {
      var reason = "the local API server needs Go to build, and `go` is not on PATH";
      if ("true".equals(System.getenv("CI"))) {
        return new Started(null, new IllegalStateException(reason + " (CI=true: failing)"));
      }
      return new Started(null, new TestAbortedException(reason));
    }
    try {
      return new Started(LocalCluster.start(generation, workDirectory()), null);
    } catch (RuntimeException e) {
      return new Started(null, e);
    }
  }

  private static Path workDirectory() {
    return LocalCluster.projectDirectory().resolve("target/local-cluster");
  }

  private static boolean goAvailable() {
    var path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (var dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "go"))) {
        return true;
      }
    }
    return false;
  }

  /** A started server, or why it could not start; closed at the end of the run. */
  private record Started(LocalCluster cluster, RuntimeException failure) implements AutoCloseable {
    @Override
    public void close() {
      if (cluster != null) {
        cluster.stop();
      }
    }
  }
}

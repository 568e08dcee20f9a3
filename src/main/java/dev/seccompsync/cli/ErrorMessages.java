package dev.seccompsync.cli;

import dev.seccompsync.SeccompSyncException;

/**
 * One line for any failure that reaches the top: our own exceptions carry a finished message; the
 * rest (a connection refused deep inside the HTTP client, say) are described by kind.
 */
final class ErrorMessages {
  private ErrorMessages() {}

  static String of(Throwable e) {
    if (e instanceof SeccompSyncException) {
      return e.getMessage();
    }
    if (e.getClass().getName().startsWith("io.fabric8.kubernetes.client.")) {
      return ("cluster request failed: %s; check that the API server is reachable and the"
              + " kubeconfig is right")
          .formatted(rootMessage(e));
    }
    return "unexpected %s: %s".formatted(e.getClass().getSimpleName(), rootMessage(e));
  }

  private static String rootMessage(Throwable e) {
    var root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    var message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}

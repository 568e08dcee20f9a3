package dev.seccompsync.manifest;

import tools.jackson.databind.node.ObjectNode;

/**
 * One SPO object as Git declares it, with the place it was read from.
 *
 * @param kind the SPO kind
 * @param apiVersion the {@code apiVersion} as written; diff and apply use it unchanged
 * @param name {@code metadata.name}
 * @param namespace {@code metadata.namespace} as written, or {@code null}
 * @param body the whole document; callers must not modify it
 * @param origin the file, document and line it came from
 */
public record Manifest(
    SpoKind kind,
    String apiVersion,
    String name,
    String namespace,
    ObjectNode body,
    Origin origin) {

  /** The version part of {@code apiVersion}, such as {@code v1beta1}. */
  public String version() {
    return apiVersion.substring(apiVersion.indexOf('/') + 1);
  }

  /** The value of {@code spec.baseProfileName}, or {@code null} when there is none. */
  public String baseProfileName() {
    var base = body.path("spec").path("baseProfileName");
    return base.isString() && !base.asString().isEmpty() ? base.asString() : null;
  }
}

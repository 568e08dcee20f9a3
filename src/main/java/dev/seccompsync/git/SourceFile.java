package dev.seccompsync.git;

/**
 * A file read from a Git tree.
 *
 * @param path the path relative to the repository root, with forward slashes
 * @param content the blob's bytes
 */
public record SourceFile(String path, byte[] content) {}

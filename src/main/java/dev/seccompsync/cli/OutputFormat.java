package dev.seccompsync.cli;

/** The {@code -o} choices. */
enum OutputFormat {
  text,
  json,
  yaml,
  markdown
}

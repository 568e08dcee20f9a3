package dev.seccompsync.validate;

import dev.seccompsync.validate.Finding.Severity;
import java.util.List;

/**
 * What {@code validate} found in one repository.
 *
 * @param repository the repository, as shown to people
 * @param revision the commit read
 * @param generation the generation checked against
 * @param generationReason why that generation (flag, cluster, or guess)
 * @param objects how many objects were checked
 * @param files how many files were read
 * @param findings every finding, by file and line
 */
public record ValidationResult(
    String repository,
    String revision,
    String generation,
    String generationReason,
    int objects,
    int files,
    List<Finding> findings) {

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** Whether any finding is at least as severe as {@code threshold}. */
  public boolean fails(Severity threshold) {
    return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
  }
}

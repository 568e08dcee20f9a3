package dev.seccompsync.diff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** Unified diffs of normalized objects as YAML, the way {@code kubectl diff} shows them. */
public final class TextDiff {

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private TextDiff() {}

  /** The object as YAML; an empty string for {@code null}. */
  public static String yaml(JsonNode object) {
    return object == null ? "" : YAML.writeValueAsString(object);
  }

  /**
   * A unified diff with three lines of context.
   *
   * @param label the object, shown in the {@code ---}/{@code +++} header
   * @param before the cluster's object, or {@code null} when it is missing
   * @param after the object after apply
   */
  public static String unified(String label, JsonNode before, JsonNode after) {
    var a = new RawText(yaml(before).getBytes(StandardCharsets.UTF_8));
    var b = new RawText(yaml(after).getBytes(StandardCharsets.UTF_8));
    var edits =
        DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
            .diff(RawTextComparator.DEFAULT, a, b);
    var out = new ByteArrayOutputStream();
    try (var formatter = new DiffFormatter(out)) {
      formatter.setContext(3);
      out.write(
          ("--- live/" + label + "\n+++ git/" + label + "\n").getBytes(StandardCharsets.UTF_8));
      formatter.format(edits, a, b);
      formatter.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}

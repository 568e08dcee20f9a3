package dev.seccompsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class YamlDocumentsTest {

  // Shared case C12: separators, blank and comment-only documents are not documents of their own.
  @Test
  void skipsEmptyAndCommentOnlyDocuments() {
    var content = fixture("bundle-with-empty-documents.yaml");

    var documents = YamlDocuments.parse(content);

    assertThat(documents)
        .extracting(d -> d.tree().path("metadata").path("name").asString())
        .containsExactly("alpha", "beta");
  }

  // Shared case C12: positions refer to the original file, counting the skipped documents.
  @Test
  void reportsTheLineOfTheFirstKeyAndTheIndexAmongAllDocuments() {
    var content = fixture("bundle-with-empty-documents.yaml");

    var documents = YamlDocuments.parse(content);

    assertThat(documents).extracting(YamlDocument::line).containsExactly(3, 15);
    assertThat(documents).extracting(YamlDocument::index).containsExactly(0, 4);
  }

  @Test
  void treatsExplicitNullDocumentsAsEmpty() {
    var content = utf8("--- ~\n---\nnull\n--- !!null ''\n");

    var documents = YamlDocuments.parse(content);

    assertThat(documents).isEmpty();
  }

  // Shared case C14: the reader follows the YAML 1.2 core schema, so yes/no/on/off stay strings.
  @Test
  void resolvesScalarsWithTheCoreSchema() {
    var content =
        utf8(
            """
            words: [yes, no, on, off, NO]
            numbers: [0x1F, 0o17, +3, -4, 1.5, 99999999999999999999]
            others: [~, null, True, false, "1.10"]
            """);

    var tree = YamlDocuments.parse(content).get(0).tree();

    assertThat(tree.path("words").valueStream().map(n -> n.isString() ? n.asString() : "?"))
        .containsExactly("yes", "no", "on", "off", "NO");
    assertThat(tree.path("numbers").get(0).asLong()).isEqualTo(31);
    assertThat(tree.path("numbers").get(1).asLong()).isEqualTo(15);
    assertThat(tree.path("numbers").get(2).asLong()).isEqualTo(3);
    assertThat(tree.path("numbers").get(3).asLong()).isEqualTo(-4);
    assertThat(tree.path("numbers").get(4).decimalValue()).isEqualByComparingTo("1.5");
    assertThat(tree.path("numbers").get(5).bigIntegerValue())
        .isEqualTo(new BigInteger("99999999999999999999"));
    assertThat(tree.path("others").get(0).isNull()).isTrue();
    assertThat(tree.path("others").get(1).isNull()).isTrue();
    assertThat(tree.path("others").get(2).asBoolean()).isTrue();
    assertThat(tree.path("others").get(3).isBoolean()).isTrue();
    assertThat(tree.path("others").get(4).asString()).isEqualTo("1.10");
  }

  @Test
  void refusesInfinityWithItsLine() {
    var content = utf8("spec:\n  defaultAction: SCMP_ACT_LOG\n  ratio: -.inf\n");

    assertThatThrownBy(() -> YamlDocuments.parse(content))
        .isInstanceOf(YamlFormatException.class)
        .hasMessage("-.inf has no JSON form; quote it")
        .extracting(e -> ((YamlFormatException) e).line())
        .isEqualTo(3);
  }

  @Test
  void refusesAnIntegerTagOnTextWithItsLine() {
    var content = utf8("spec:\n  errnoRet: !!int abc\n");

    assertThatThrownBy(() -> YamlDocuments.parse(content))
        .isInstanceOf(YamlFormatException.class)
        .hasMessage("bad integer abc")
        .extracting(e -> ((YamlFormatException) e).line())
        .isEqualTo(2);
  }

  @Test
  void refusesAFloatTagOnTextWithItsLine() {
    var content = utf8("spec:\n  ratio: !!float abc\n");

    assertThatThrownBy(() -> YamlDocuments.parse(content))
        .isInstanceOf(YamlFormatException.class)
        .hasMessageContaining("abc")
        .extracting(e -> ((YamlFormatException) e).line())
        .isEqualTo(2);
  }

  @Test
  void refusesABoolTagOnTextOtherThanTrueOrFalse() {
    var content = utf8("spec:\n  enabled: !!bool yes\n");

    assertThatThrownBy(() -> YamlDocuments.parse(content))
        .isInstanceOf(YamlFormatException.class)
        .hasMessageContaining("yes")
        .extracting(e -> ((YamlFormatException) e).line())
        .isEqualTo(2);
  }

  // Shared case C17: nine levels of nine aliases are refused before anything is expanded.
  @Test
  void refusesTheNineLevelAliasBombQuickly() {
    var content = fixture("alias-bomb.yaml");

    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            assertThatThrownBy(() -> YamlDocuments.parse(content))
                .isInstanceOf(YamlFormatException.class));
  }

  // Shared case C17: the limit counts expanded values, so a few aliases cannot double 25 times.
  @Test
  void boundsExpansionByValuesNotOnlyByAliasCount() {
    var bomb = new StringBuilder("l0: &a0 [read, write]\n");
    for (int level = 1; level <= 24; level++) {
      bomb.append("l%d: &a%d [*a%d, *a%d]\n".formatted(level, level, level - 1, level - 1));
    }
    var content = utf8(bomb.toString());

    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            assertThatThrownBy(() -> YamlDocuments.parse(content))
                .isInstanceOf(YamlFormatException.class)
                .hasMessage(
                    "alias/anchor expansion limit exceeded (more than 1000000 values in one"
                        + " document)"));
  }

  @Test
  void expandsAFewBenignAliases() {
    var content = fixture("benign-anchor.yaml");

    var tree = YamlDocuments.parse(content).get(0).tree();

    assertThat(tree.path("spec").path("syscalls").get(1).path("names").toString())
        .isEqualTo("[\"read\",\"write\",\"close\"]");
  }

  @Test
  void refusesDuplicateKeysWithTheLineOfTheSecond() {
    var content = fixture("duplicate-keys.yaml");

    assertThatThrownBy(() -> YamlDocuments.parse(content))
        .isInstanceOf(YamlFormatException.class)
        .hasMessage(
            "found duplicate key defaultAction (YAML keeps only the last value; remove one of"
                + " them)")
        .extracting(e -> ((YamlFormatException) e).line())
        .isEqualTo(7);
  }

  @Test
  void refusesDuplicateKeysInAFlowMapping() {
    var content = utf8("metadata: {name: first, name: second}\n");

    assertThatThrownBy(() -> YamlDocuments.parse(content))
        .isInstanceOf(YamlFormatException.class)
        .hasMessage(
            "found duplicate key name (YAML keeps only the last value; remove one of them)");
  }

  // Shared case C16: the byte order mark selects the encoding.
  @Test
  void decodesUtf16LittleEndianByItsByteOrderMark() {
    var content = fixture("utf16le-bom.yaml");

    var documents = YamlDocuments.parse(content);

    assertThat(documents.get(0).tree())
        .isEqualTo(YamlDocuments.parse(fixture("no-bom.yaml")).get(0).tree());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] fixture(String name) {
    try (var in = YamlDocumentsTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

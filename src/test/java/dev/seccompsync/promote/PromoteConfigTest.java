package dev.seccompsync.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PromoteConfigTest {

  private static PromoteConfig parse(String yaml) {
    return PromoteConfig.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsThePromoteSection() {
    var config =
        parse(
            String.join(
                "\n",
                "promote:",
                "  base: policies",
                "  pathTemplate: seccomp/{namespace}/{name}.yaml",
                "  labels: [seccomp, automated]",
                "  draft: true",
                "  provider: gitlab",
                ""));

    assertThat(config.base()).isEqualTo("policies");
    assertThat(config.pathTemplate()).isEqualTo("seccomp/{namespace}/{name}.yaml");
    assertThat(config.labels()).containsExactly("seccomp", "automated");
    assertThat(config.draft()).isTrue();
    assertThat(config.provider()).isEqualTo("gitlab");
    assertThat(config.reviewers()).isEmpty();
    assertThat(PromoteConfig.parse(null)).isEqualTo(PromoteConfig.NONE);
    assertThat(parse("")).isEqualTo(PromoteConfig.NONE);
    assertThat(parse("# nothing set\n")).isEqualTo(PromoteConfig.NONE);
  }

  @Test
  void aTypoOrAWrongTypeNamesTheFileAndTheKey() {
    assertThatThrownBy(() -> parse("promote:\n  pathTemplates: x/{name}.yaml\n"))
        .isInstanceOf(PromotionException.class)
        .hasMessageStartingWith(".seccomp-sync.yaml: promote.pathTemplates is not a setting;")
        .hasMessageContaining("pathTemplate");
    assertThatThrownBy(() -> parse("promot:\n  labels: [seccomp]\n"))
        .hasMessage(".seccomp-sync.yaml: promot is not a section seccomp-sync reads; use promote:");
    assertThatThrownBy(() -> parse("promote:\n  labels: seccomp\n"))
        .hasMessage(".seccomp-sync.yaml: promote.labels must be a list of strings");
    assertThatThrownBy(() -> parse("promote:\n  draft: yes please\n"))
        .hasMessage(".seccomp-sync.yaml: promote.draft must be true or false");
    assertThatThrownBy(() -> parse("promote: [a]\n"))
        .hasMessage(".seccomp-sync.yaml: promote: must be a mapping of settings");
    assertThatThrownBy(() -> parse("promote:\n  base: [\n"))
        .isInstanceOf(PromotionException.class)
        .hasMessageStartingWith(".seccomp-sync.yaml: not valid YAML");
    assertThat(parse("promote:\n  reviewers: [a, b]\n").reviewers()).containsExactly("a", "b");
  }
}

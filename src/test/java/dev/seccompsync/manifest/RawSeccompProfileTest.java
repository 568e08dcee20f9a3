package dev.seccompsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cli.Cli;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawSeccompProfileTest {

  private static final String RUNTIME =
      """
      {
        "defaultAction": "SCMP_ACT_ERRNO",
        "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86_64"],
        "flags": ["SECCOMP_FILTER_FLAG_LOG"],
        "listenerPath": "/run/agent.sock",
        "x-generator": "recorder 1.2",
        "syscalls": [
          {"names": ["read"], "action": "SCMP_ACT_ALLOW", "priority": 3},
          {"names": ["kill"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
           "args": [{"index": 1, "value": 9, "op": "SCMP_CMP_EQ"}]}
        ]
      }
      """;

  private final ManifestLoader converting =
      new ManifestLoader(LoadOptions.defaults().withConvertRaw(true));

  @Test
  void convertsARuntimeProfileAndNamesWhatItDrops() {
    var result = converting.load("imports/recorded.json", utf8(RUNTIME));

    assertThat(result.manifests())
        .singleElement()
        .satisfies(m -> assertThat(m.origin()).isEqualTo(new Origin("imports/recorded.json", 0, 1)))
        .satisfies(
            m ->
                assertThat(m.body().path("spec").toString())
                    .isEqualTo(
                        "{\"defaultAction\":\"SCMP_ACT_ERRNO\","
                            + "\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                            + "\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"],"
                            + "\"listenerPath\":\"/run/agent.sock\","
                            + "\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                            + "{\"names\":[\"kill\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1,"
                            + "\"args\":[{\"index\":1,\"value\":9,\"op\":\"SCMP_CMP_EQ\"}]}]}"));
    assertThat(result.problems())
        .containsExactly(
            Problem.warning(
                new Origin("imports/recorded.json", 0, 8),
                "syscalls[0] (read): field priority dropped: not part of a seccomp rule"),
            Problem.warning(
                new Origin("imports/recorded.json", 0, 6),
                "field x-generator dropped: not part of a seccomp profile"));
  }

  @Test
  void skipsARawProfileWithAWarningUnlessAskedToConvert() {
    var loader = new ManifestLoader(LoadOptions.defaults());

    var result = loader.load("imports/Recorded Web.json", utf8(RUNTIME));

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .containsExactly(
            Problem.warning(
                new Origin("imports/Recorded Web.json", 0, 1),
                "raw seccomp profile (not a Kubernetes object); pass --convert to load it as"
                    + " SeccompProfile recorded-web"));
  }

  @Test
  void convertsOnlyJsonFiles() {
    var result = converting.load("imports/recorded.yaml", utf8(RUNTIME));

    assertThat(result.manifests()).isEmpty();
    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly(
            "document has no apiVersion or kind; add both (a raw seccomp profile in a .json file"
                + " loads with --convert)");
  }

  @Test
  void leavesKubernetesObjectsInJsonAlone() {
    var json =
        """
        {"apiVersion": "security-profiles-operator.x-k8s.io/v1beta1", "kind": "SeccompProfile",
         "metadata": {"name": "web"}, "spec": {"defaultAction": "SCMP_ACT_LOG"}}
        """;

    var result = converting.load("web.json", utf8(json));

    assertThat(result.problems()).isEmpty();
    assertThat(result.manifests())
        .singleElement()
        .satisfies(m -> assertThat(m.apiVersion()).endsWith("/v1beta1"));
  }

  @Test
  void offersConvertWhereverTheSourceIsRead() {
    var commandLine = Cli.commandLine();

    for (var command : List.of("diff", "apply", "drift", "reconcile")) {
      var spec = commandLine.getSubcommands().get(command).getCommandSpec();
      assertThat(spec.findOption("--convert")).as(command).isNotNull();
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

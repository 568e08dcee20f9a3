package dev.seccompsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifests in {@code examples/deploy/} are accepted by a real API server (server-side dry run,
 * with the "restricted" Pod Security Standard warning on the namespace), the reconciler's pod is
 * locked down, and the ClusterRole grants exactly the documented permissions.
 */
@RealCluster(SpoGeneration.C)
class DeployManifestsTest {

  private static final Path DEPLOY = LocalCluster.projectDirectory().resolve("examples/deploy");
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  /** Each manifest but the namespace, and the object kubectl reports for it. */
  private static final Map<String, String> DRY_RUN = new LinkedHashMap<>();

  static {
    DRY_RUN.put("serviceaccount.yaml", "serviceaccount/seccomp-sync");
    DRY_RUN.put("clusterrole.yaml", "clusterrole.rbac.authorization.k8s.io/seccomp-sync");
    DRY_RUN.put(
        "clusterrolebinding.yaml", "clusterrolebinding.rbac.authorization.k8s.io/seccomp-sync");
    DRY_RUN.put("role.yaml", "role.rbac.authorization.k8s.io/seccomp-sync");
    DRY_RUN.put("rolebinding.yaml", "rolebinding.rbac.authorization.k8s.io/seccomp-sync");
    DRY_RUN.put("configmap.yaml", "configmap/seccomp-sync-config");
    DRY_RUN.put("secret.yaml", "secret/seccomp-sync-git");
    DRY_RUN.put("deployment.yaml", "deployment.apps/seccomp-sync");
    DRY_RUN.put("drift-cronjob.yaml", "cronjob.batch/seccomp-sync-drift");
  }

  @Test
  void theServerAcceptsEveryManifest(LocalCluster cluster) {
    cluster.kubectl("apply", "-f", DEPLOY.resolve("namespace.yaml").toString());

    for (var entry : DRY_RUN.entrySet()) {
      var file = DEPLOY.resolve(entry.getKey()).toString();
      var result = cluster.kubectlResult("apply", "--dry-run=server", "-f", file);

      assertThat(result.exitCode()).as(entry.getKey() + ":\n" + result.output()).isZero();
      assertThat(result.output())
          .as(entry.getKey())
          .containsPattern("(?m)^" + Pattern.quote(entry.getValue()) + " \\w+ \\(server dry run\\)")
          .doesNotContain("Warning");
    }
  }

  @Test
  void theKustomizationListsTheReconcilersManifests() throws IOException {
    var listed = new TreeSet<String>();
    read("kustomization.yaml").path("resources").forEach(r -> listed.add(r.stringValue()));
    var expected = new TreeSet<String>(DRY_RUN.keySet());
    expected.add("namespace.yaml");
    expected.remove("drift-cronjob.yaml");

    assertThat(listed).isEqualTo(expected);
    try (Stream<Path> files = Files.list(DEPLOY)) {
      var yamlFiles =
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
              .toList();
      var manifests = new TreeSet<String>(DRY_RUN.keySet());
      manifests.add("namespace.yaml");
      assertThat(yamlFiles)
          .as("every manifest is tested")
          .containsExactlyInAnyOrderElementsOf(manifests);
    }
  }

  @Test
  void theReconcilersPodIsLockedDown() throws IOException {
    var deployment = read("deployment.yaml");
    var pod = deployment.path("spec").path("template").path("spec");

    assertThat(deployment.path("kind").stringValue()).isEqualTo("Deployment");
    assertThat(deployment.path("spec").path("replicas").intValue()).isEqualTo(2);
    assertLockedDown(pod);
    var container = pod.path("containers").path(0);
    assertThat(container.path("livenessProbe").path("httpGet").path("path").stringValue())
        .isEqualTo("/healthz");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").stringValue())
        .isEqualTo("/readyz");
    assertThat(container.path("livenessProbe").path("httpGet").path("port").stringValue())
        .isEqualTo("http");
    assertThat(container.path("readinessProbe").path("httpGet").path("port").stringValue())
        .isEqualTo("http");
    assertThat(container.path("ports").path(0).path("name").stringValue()).isEqualTo("http");
    assertThat(container.path("ports").path(0).path("containerPort").intValue()).isEqualTo(9440);
    assertThat(strings(container.path("args")))
        .startsWith("reconcile")
        .contains("--leader-elect")
        .containsSubsequence("--inventory", "seccomp-sync/seccomp-sync")
        .containsSubsequence("--http-address", "0.0.0.0:9440");
    assertVariablesDefined(container);
  }

  @Test
  void theDriftJobsPodIsLockedDown() throws IOException {
    var cronJob = read("drift-cronjob.yaml");
    var job = cronJob.path("spec").path("jobTemplate").path("spec");
    var container = job.path("template").path("spec").path("containers").path(0);

    assertLockedDown(job.path("template").path("spec"));
    assertThat(strings(container.path("args")))
        .startsWith("drift")
        .containsSubsequence("-o", "json");
    assertVariablesDefined(container);
  }

  @Test
  void theClusterRoleGrantsExactlyTheDocumentedPermissions() throws IOException {
    var role = read("clusterrole.yaml");
    var spo = "security-profiles-operator.x-k8s.io";
    var spoKinds =
        List.of(
            "seccompprofiles",
            "profilebindings",
            "profilerecordings",
            "selinuxprofiles",
            "rawselinuxprofiles",
            "apparmorprofiles");
    var expected = new TreeSet<String>();
    expected.add("apiextensions.k8s.io/customresourcedefinitions get");
    for (var kind : spoKinds) {
      for (var verb : List.of("get", "list", "watch", "create", "patch", "delete")) {
        expected.add(spo + "/" + kind + " " + verb);
      }
    }
    expected.addAll(List.of("/namespaces list", "/namespaces watch", "/nodes get"));
    expected.addAll(List.of("/events create", "/events patch"));

    var granted = new TreeSet<String>();
    for (var rule : role.path("rules")) {
      assertThat(rule.propertyNames())
          .as("rule keys")
          .containsExactlyInAnyOrder("apiGroups", "resources", "verbs");
      for (var group : strings(rule.path("apiGroups"))) {
        for (var resource : strings(rule.path("resources"))) {
          for (var verb : strings(rule.path("verbs"))) {
            granted.add(group + "/" + resource + " " + verb);
          }
        }
      }
    }

    assertThat(role.path("kind").stringValue()).isEqualTo("ClusterRole");
    assertThat(role.has("aggregationRule")).isFalse();
    assertThat(granted).isEqualTo(expected);
  }

  /** The pod settings of the "restricted" Pod Security Standard, and a memory limit. */
  private static void assertLockedDown(JsonNode pod) {
    var security = pod.path("securityContext");
    assertThat(pod.path("serviceAccountName").stringValue()).isEqualTo("seccomp-sync");
    assertThat(security.path("runAsNonRoot").booleanValue()).as("runAsNonRoot").isTrue();
    assertThat(security.path("runAsUser").intValue()).isEqualTo(65532);
    assertThat(security.path("runAsGroup").intValue()).isEqualTo(65532);
    assertThat(security.path("seccompProfile").path("type").stringValue())
        .isEqualTo("RuntimeDefault");
    assertThat(pod.path("containers").size()).isEqualTo(1);
    var container = pod.path("containers").path(0);
    var containerSecurity = container.path("securityContext");
    assertThat(containerSecurity.path("allowPrivilegeEscalation").isBoolean())
        .as("allowPrivilegeEscalation set")
        .isTrue();
    assertThat(containerSecurity.path("allowPrivilegeEscalation").booleanValue())
        .as("allowPrivilegeEscalation")
        .isFalse();
    assertThat(containerSecurity.path("readOnlyRootFilesystem").booleanValue())
        .as("readOnlyRootFilesystem")
        .isTrue();
    assertThat(strings(containerSecurity.path("capabilities").path("drop"))).containsExactly("ALL");
    assertThat(containerSecurity.path("capabilities").has("add")).as("capabilities.add").isFalse();
    assertThat(container.path("resources").path("limits").path("memory").stringValue())
        .isNotBlank();
    var mounts = new HashSet<String>();
    container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").stringValue()));
    assertThat(mounts).contains("/cache", "/tmp");
  }

  /**
   * Every {@code $(VAR)} in the arguments is defined on the container: the kubelet leaves an
   * undefined one as it is, so a typo would reach the command line verbatim.
   */
  private static void assertVariablesDefined(JsonNode container) throws IOException {
    var defined = new HashSet<String>();
    container.path("env").forEach(e -> defined.add(e.path("name").stringValue()));
    for (var source : container.path("envFrom")) {
      assertThat(source.path("configMapRef").path("name").stringValue())
          .isEqualTo("seccomp-sync-config");
      defined.addAll(read("configmap.yaml").path("data").propertyNames());
    }
    var used = new ArrayList<String>();
    for (var arg : strings(container.path("args"))) {
      var matcher = VARIABLE.matcher(arg);
      while (matcher.find()) {
        used.add(matcher.group(1));
      }
    }
    assertThat(used).isNotEmpty().doesNotContain("PATH");
    assertThat(defined).as("variables defined on the container").containsAll(used);
  }

  private static List<String> strings(JsonNode array) {
    var list = new ArrayList<String>();
    array.forEach(node -> list.add(node.stringValue()));
    return list;
  }

  private static JsonNode read(String file) throws IOException {
    return YAML.readTree(Files.readString(DEPLOY.resolve(file)));
  }
}

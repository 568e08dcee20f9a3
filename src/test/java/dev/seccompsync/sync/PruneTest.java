package dev.seccompsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.apply.ApplyOptions;
import dev.seccompsync.apply.PruneOptions;
import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.Action;
import dev.seccompsync.diff.ObjectResult;
import dev.seccompsync.diff.RunResult;
import dev.seccompsync.testing.GitRepos;
import dev.seccompsync.testing.LocalCluster;
import dev.seccompsync.testing.RealCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prune on the real API server: only members of the inventory that seccomp-sync manages and that
 * left Git are deleted; everything else is kept with its reason.
 */
@RealCluster(SpoGeneration.C)
class PruneTest {

  private static final String PROFILES = "seccompprofiles.security-profiles-operator.x-k8s.io";

  @TempDir Path directory;

  @Test
  void prunesOnlyOwnMembersThatLeftGit(LocalCluster cluster) {
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    var keep = LocalCluster.uniqueName("keep");
    var gone = LocalCluster.uniqueName("gone");
    var pinned = LocalCluster.uniqueName("pinned");
    var foreign = LocalCluster.uniqueName("foreign");
    var options = ApplyOptions.defaults().withInventory(inventory);
    var pruning = options.withPrune(PruneOptions.on());
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "three",
          Map.of(
              keep + ".yaml",
              profile(keep),
              gone + ".yaml",
              profile(gone),
              pinned + ".yaml",
              profile(pinned)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());
      var first = harness.apply(options);
      assertThat(actions(first)).containsOnly(Action.CREATED);
      var id = inventory.applySetId();
      assertThat(cluster.kubectl("get", PROFILES, keep, "-o", "jsonpath={.metadata.labels}"))
          .contains("\"applyset.kubernetes.io/part-of\":\"" + id + "\"");
      assertThat(
              cluster.kubectl(
                  "get",
                  "configmap",
                  inventory.name(),
                  "-n",
                  "team-a",
                  "-o",
                  "jsonpath={"
                      + ".metadata.labels.applyset\\.kubernetes\\.io/id}"
                      + " {.metadata.annotations.applyset\\.kubernetes\\.io/contains-group-kinds}"
                      + " {.data.revision}"))
          .isEqualTo(
              id + " SeccompProfile.security-profiles-operator.x-k8s.io " + first.revision());
      cluster.kubectl(
          "annotate", PROFILES, pinned, "seccomp-sync.dev/prune=disabled", "--overwrite");
      cluster.kubectlApply(
          "someone-else",
          """
          apiVersion: security-profiles-operator.x-k8s.io/v1
          kind: SeccompProfile
          metadata:
            name: %s
            labels: {applyset.kubernetes.io/part-of: %s}
          spec: {defaultAction: SCMP_ACT_ERRNO}
          """
              .formatted(foreign, id));

      repo.delete("remove gone", gone + ".yaml");
      repo.delete("remove pinned", pinned + ".yaml");
      assertThat(actions(harness.apply(options))).containsOnly(Action.UNCHANGED);
      assertThat(harness.requests().byVerb()).doesNotContainKey("DELETE");

      var predicted = harness.diff(pruning);
      assertThat(byName(predicted))
          .containsEntry(gone, Action.PRUNED)
          .containsEntry(pinned, Action.SKIPPED)
          .containsEntry(foreign, Action.SKIPPED)
          .containsEntry(keep, Action.UNCHANGED);
      assertThat(harness.requests().byVerb())
          .doesNotContainKey("DELETE")
          .containsEntry("DRY-RUN DELETE", 1L);
      assertThat(cluster.kubectlResult("get", PROFILES, gone).exitCode())
          .as("a dry-run prune deletes nothing")
          .isZero();

      var pruned = harness.apply(pruning);
      assertThat(byName(pruned))
          .containsEntry(gone, Action.PRUNED)
          .containsEntry(pinned, Action.SKIPPED)
          .containsEntry(foreign, Action.SKIPPED);
      assertThat(message(pruned, pinned)).isEqualTo("kept: seccomp-sync.dev/prune: disabled");
      assertThat(message(pruned, foreign))
          .isEqualTo("seccomp-sync is not among its field managers; not pruned");
      assertThat(harness.requests().byVerb()).containsEntry("DELETE", 1L);
      assertThat(pruned.hasErrors()).isFalse();
      assertThat(cluster.kubectlResult("get", PROFILES, gone).exitCode()).isNotZero();
      assertThat(cluster.kubectl("get", PROFILES, pinned, foreign, keep, "-o", "name").lines())
          .hasSize(3);
      assertThat(
              cluster.kubectl(
                  "get",
                  "configmap",
                  inventory.name(),
                  "-n",
                  "team-a",
                  "-o",
                  "jsonpath={.data.count\\.pruned}"))
          .isEqualTo("1");
    }
  }

  @Test
  void refusesToPruneEverythingWithoutConsent(LocalCluster cluster) {
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    var a = LocalCluster.uniqueName("a");
    var b = LocalCluster.uniqueName("b");
    var pruning = ApplyOptions.defaults().withInventory(inventory).withPrune(PruneOptions.on());
    try (var repo = GitRepos.init(directory)) {
      repo.commit("two", Map.of("p/" + a + ".yaml", profile(a), "p/" + b + ".yaml", profile(b)));
      repo.commit("other", Map.of("README.md", "not a manifest\n"));
      var harness = new SyncHarness(cluster, repo.root(), List.of());
      assertThat(harness.apply(pruning).hasErrors()).isFalse();
      repo.delete("empty a", "p/" + a + ".yaml");
      repo.delete("empty b", "p/" + b + ".yaml");

      var refused = harness.apply(pruning);
      assertThat(refused.hasErrors()).isTrue();
      assertThat(refused.problems().get(0).message())
          .isEqualTo(
              "prune refused: it would delete 2 of the inventory's 2 objects (all of them);"
                  + " nothing was pruned; check --repo, --revision and --path, or pass"
                  + " --allow-mass-prune");
      assertThat(harness.requests().byVerb()).doesNotContainKey("DELETE");
      assertThat(cluster.kubectl("get", PROFILES, a, b, "-o", "name").lines()).hasSize(2);

      var consent = new PruneOptions(true, true, 50, Duration.ofSeconds(5));
      var pruned = harness.apply(pruning.withPrune(consent));
      assertThat(actions(pruned)).containsOnly(Action.PRUNED);
      assertThat(harness.requests().byVerb()).containsEntry("DELETE", 2L);
    }
  }

  @Test
  void keepsABaseProfileThatALiveProfileStillNames(LocalCluster cluster) {
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    var base = LocalCluster.uniqueName("base");
    var child = LocalCluster.uniqueName("child");
    var other = LocalCluster.uniqueName("other");
    var pruning = ApplyOptions.defaults().withInventory(inventory).withPrune(PruneOptions.on());
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "base and child",
          Map.of(
              base + ".yaml", profile(base),
              child + ".yaml", profile(child, base),
              other + ".yaml", profile(other)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());
      assertThat(harness.apply(pruning).hasErrors()).isFalse();
      repo.delete("drop base", base + ".yaml");

      var result = harness.apply(pruning);
      assertThat(byName(result)).containsEntry(base, Action.SKIPPED);
      assertThat(message(result, base))
          .isEqualTo(
              "not pruned: still named by %s; remove them or their reference first"
                  .formatted(child));
      assertThat(harness.requests().byVerb()).doesNotContainKey("DELETE");
    }
  }

  @Test
  void aBrokenFileOrABindingKeepsObjectsFromBeingPruned(LocalCluster cluster) {
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    var broken = LocalCluster.uniqueName("broken");
    var bound = LocalCluster.uniqueName("bound");
    var other = LocalCluster.uniqueName("other");
    var pruning = ApplyOptions.defaults().withInventory(inventory).withPrune(PruneOptions.on());
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "three and a binding",
          Map.of(
              broken + ".yaml",
              profile(broken),
              bound + ".yaml",
              profile(bound),
              other + ".yaml",
              profile(other),
              "binding.yaml",
              """
              apiVersion: security-profiles-operator.x-k8s.io/v1
              kind: ProfileBinding
              metadata: {name: %s-binding, namespace: shop}
              spec:
                image: registry.example.com/web:1
                profileRef: {kind: SeccompProfile, name: %s}
              """
                  .formatted(bound, bound)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());
      assertThat(harness.apply(pruning).hasErrors()).isFalse();

      repo.commit("a typo", Map.of(broken + ".yaml", profile(broken) + "   bad: indent\n"));
      var typo = harness.apply(pruning);
      assertThat(byName(typo)).doesNotContainEntry(broken, Action.PRUNED);
      assertThat(typo.problems().stream().map(p -> p.message()))
          .contains(
              "prune skipped: 1 input error in the repository, and an object in a broken file"
                  + " would look deleted; fix them and run again");
      assertThat(harness.requests().byVerb()).doesNotContainKey("DELETE");
      assertThat(cluster.kubectlResult("get", PROFILES, broken).exitCode()).isZero();

      repo.commit("fixed", Map.of(broken + ".yaml", profile(broken)));
      repo.delete("unbound profile removed, binding kept", bound + ".yaml");
      var result = harness.apply(pruning);
      assertThat(byName(result)).containsEntry(bound, Action.SKIPPED);
      assertThat(message(result, bound))
          .isEqualTo(
              "not pruned: still named by ProfileBinding shop/%s-binding; remove them or their"
                      .formatted(bound)
                  + " reference first");
      assertThat(harness.requests().byVerb()).doesNotContainKey("DELETE");
    }
  }

  @Test
  void aPruneOptOutAddedWithKubectlAnnotateSurvivesApply(LocalCluster cluster) {
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    var pinned = LocalCluster.uniqueName("pinned");
    var other = LocalCluster.uniqueName("other");
    var third = LocalCluster.uniqueName("third");
    var pruning = ApplyOptions.defaults().withInventory(inventory).withPrune(PruneOptions.on());
    try (var repo = GitRepos.init(directory)) {
      repo.commit(
          "three",
          Map.of(
              pinned + ".yaml", profile(pinned),
              other + ".yaml", profile(other),
              third + ".yaml", profile(third)));
      var harness = new SyncHarness(cluster, repo.root(), List.of());
      assertThat(harness.apply(pruning).hasErrors()).isFalse();
      cluster.kubectl("annotate", PROFILES, pinned, "seccomp-sync.dev/prune=disabled");
      cluster.kubectl("label", PROFILES, pinned, "owner=alice");

      assertThat(byName(harness.apply(pruning))).containsEntry(pinned, Action.UNCHANGED);
      assertThat(
              cluster.kubectl(
                  "get",
                  PROFILES,
                  pinned,
                  "-o",
                  "jsonpath={.metadata.annotations.seccomp-sync\\.dev/prune}"
                      + " {.metadata.labels.owner}"))
          .isEqualTo("disabled alice");

      repo.delete("remove pinned", pinned + ".yaml");
      var result = harness.apply(pruning);
      assertThat(message(result, pinned)).isEqualTo("kept: seccomp-sync.dev/prune: disabled");
      assertThat(harness.requests().byVerb()).doesNotContainKey("DELETE");
    }
  }

  @Test
  void anInventoryAppliedFromAnotherRepositoryIsNotPrunedWithoutAdoption(LocalCluster cluster) {
    var inventory = new InventoryRef("team-a", LocalCluster.uniqueName("inventory"));
    var first = LocalCluster.uniqueName("first");
    var second = LocalCluster.uniqueName("second");
    var third = LocalCluster.uniqueName("third");
    var pruning = ApplyOptions.defaults().withInventory(inventory).withPrune(PruneOptions.on());
    try (var one = GitRepos.init(directory.resolve("one"));
        var two = GitRepos.init(directory.resolve("two"))) {
      one.commit(
          "three",
          Map.of(
              first + ".yaml", profile(first),
              second + ".yaml", profile(second),
              third + ".yaml", profile(third)));
      assertThat(new SyncHarness(cluster, one.root(), List.of()).apply(pruning).hasErrors())
          .isFalse();
      two.commit(
          "two of them",
          Map.of(first + ".yaml", profile(first), second + ".yaml", profile(second)));
      var harness = new SyncHarness(cluster, two.root(), List.of());
      var refused = harness.apply(pruning);
      assertThat(refused.problems().get(0).message())
          .startsWith(
              "prune refused: inventory %s was last applied from %s, and this run reads %s"
                  .formatted(inventory, one.root().toAbsolutePath(), two.root().toAbsolutePath()));
      assertThat(byName(refused)).containsEntry(third, Action.SKIPPED);
      assertThat(harness.requests().byVerb()).doesNotContainKey("DELETE");

      var plain = harness.apply(ApplyOptions.defaults().withInventory(inventory));
      assertThat(plain.problems().stream().map(p -> p.message()))
          .anySatisfy(m -> assertThat(m).contains("it keeps recording the first"));
      assertThat(harness.apply(pruning).problems().get(0).message())
          .as("a plain apply from the second repository does not take the inventory over")
          .startsWith("prune refused: inventory");

      var adopted =
          harness.apply(
              pruning.withPrune(
                  new PruneOptions(true, false, 50, java.time.Duration.ofSeconds(5), true)));
      assertThat(byName(adopted)).containsEntry(third, Action.PRUNED);
    }
  }

  @Test
  void theInventoryIdIsTheOneKubectlComputes(LocalCluster cluster) {
    var name = LocalCluster.uniqueName("kubectl-applyset");
    var file = directory.resolve("cm.yaml");
    try {
      java.nio.file.Files.writeString(
          file,
          """
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: %s-member, namespace: team-a}
          data: {a: b}
          """
              .formatted(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    var result =
        dev.seccompsync.testing.Processes.run(
            List.of(
                "env",
                "KUBECTL_APPLYSET=true",
                "kubectl",
                "--kubeconfig",
                cluster.kubeconfig().toString(),
                "apply",
                "-n",
                "team-a",
                "--server-side",
                "--prune",
                "--applyset=configmaps/" + name,
                "-f",
                file.toString()),
            120);
    assertThat(result.exitCode()).as(result.output()).isZero();
    var kubectlId =
        cluster.kubectl(
            "get",
            "configmap",
            name,
            "-n",
            "team-a",
            "-o",
            "jsonpath={.metadata.labels.applyset\\.kubernetes\\.io/id}");
    assertThat(new InventoryRef("team-a", name).applySetId()).isEqualTo(kubectlId);
  }

  static String profile(String name) {
    return profile(name, null);
  }

  static String profile(String name, String base) {
    return """
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata:
      name: %s
    spec:
      defaultAction: SCMP_ACT_ERRNO
    %s\
    """
        .formatted(name, base == null ? "" : "  baseProfileName: " + base + "\n");
  }

  static List<Action> actions(RunResult result) {
    return result.objects().stream().map(ObjectResult::action).toList();
  }

  static Map<String, Action> byName(RunResult result) {
    return result.objects().stream()
        .collect(Collectors.toMap(o -> o.id().name(), ObjectResult::action));
  }

  static String message(RunResult result, String name) {
    return result.objects().stream()
        .filter(o -> o.id().name().equals(name))
        .findFirst()
        .map(ObjectResult::message)
        .orElseThrow();
  }
}

package dev.seccompsync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.apply.PruneCandidate.Decision;
import dev.seccompsync.cluster.InventoryRef;
import dev.seccompsync.cluster.KindInfo;
import dev.seccompsync.cluster.SpoCatalog;
import dev.seccompsync.cluster.SpoGeneration;
import dev.seccompsync.diff.LiveState;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.SpoKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What prune may delete, decided from listed objects alone. */
class PrunePlannerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ID = new InventoryRef("ns", "inv").applySetId();
  private static final KindInfo PROFILES =
      new KindInfo(SpoKind.SECCOMP_PROFILE, false, List.of("v1"), "v1", Map.of());

  @Test
  void keepsRecordedPartialOwnedAndForeignMembersWithTheirReasons() {
    var live =
        live(
            object("recorded", ID, true, ",\"labels\":{\"spo.x-k8s.io/recording-id\":\"r\"}"),
            object("partial", ID, true, ",\"labels\":{\"spo.x-k8s.io/partial\":\"true\"}"),
            object(
                "owned",
                ID,
                true,
                ",\"ownerReferences\":[{\"kind\":\"ProfileRecording\",\"name\":\"rec\"}]"),
            object("foreign", ID, false, ""),
            object("stranger", "applyset-other-v1", true, ""),
            object("mine", ID, true, ""),
            object("kept-in-git", ID, true, ""));
    var plan =
        PrunePlanner.plan(
            ID, Set.of(id("kept-in-git")), live, new PruneOptions(true, true, 50, null));

    assertThat(decisions(plan))
        .containsExactly(
            Map.entry("foreign", "KEEP: seccomp-sync is not among its field managers; not pruned"),
            Map.entry("mine", "DELETE: null"),
            Map.entry(
                "owned", "KEEP: owned by ProfileRecording/rec; owned objects are never pruned"),
            Map.entry("partial", "KEEP: recorded by SPO; recorded profiles are never pruned"),
            Map.entry("recorded", "KEEP: recorded by SPO; recorded profiles are never pruned"));
    assertThat(plan.members()).isEqualTo(6);
    assertThat(plan.refusal()).isNull();
  }

  @Test
  void refusesMoreThanTheShareUnlessAllowed() {
    var live =
        live(object("a", ID, true, ""), object("b", ID, true, ""), object("c", ID, true, ""));
    var refused =
        PrunePlanner.plan(ID, Set.of(id("a")), live, new PruneOptions(true, false, 50, null));
    assertThat(refused.refusal())
        .isEqualTo(
            "prune refused: it would delete 2 of the inventory's 3 objects (more than 50%);"
                + " nothing was pruned; check --repo, --revision and --path, or pass"
                + " --allow-mass-prune");
    assertThat(refused.candidates()).allMatch(c -> c.decision() == Decision.KEEP);

    var allowed =
        PrunePlanner.plan(ID, Set.of(id("a")), live, new PruneOptions(true, false, 70, null));
    assertThat(allowed.refusal()).isNull();
    assertThat(allowed.candidates()).allMatch(c -> c.decision() == Decision.DELETE);
  }

  @Test
  void aTerminatingMemberIsNotDeletedAgain() {
    var live = live(object("going", ID, true, ",\"deletionTimestamp\":\"2026-12-04T10:00:00Z\""));
    var plan = PrunePlanner.plan(ID, Set.of(), live, new PruneOptions(true, true, 50, null));
    assertThat(plan.candidates().get(0).decision()).isEqualTo(Decision.TERMINATING);
  }

  private static Map<String, String> decisions(PrunePlan plan) {
    var map = new LinkedHashMap<String, String>();
    plan.candidates().forEach(c -> map.put(c.id().name(), c.decision() + ": " + c.reason()));
    return map;
  }

  private static ObjectId id(String name) {
    return new ObjectId(SpoKind.SECCOMP_PROFILE, null, name);
  }

  private static ObjectNode object(String name, String applySet, boolean ours, String extra) {
    var manager = ours ? "seccomp-sync" : "someone-else";
    var metadata =
        "{\"name\":\"%s\",\"uid\":\"uid-%s\",\"managedFields\":[{\"manager\":\"%s\"}]%s}"
            .formatted(name, name, manager, extra);
    var node = (ObjectNode) JSON.readTree("{\"metadata\":" + metadata + ",\"spec\":{}}");
    var labels = node.withObject("/metadata").withObject("labels");
    labels.put("applyset.kubernetes.io/part-of", applySet);
    return node;
  }

  private static LiveState live(ObjectNode... objects) {
    var byId = new LinkedHashMap<ObjectId, ObjectNode>();
    for (var object : objects) {
      byId.put(id(object.path("metadata").path("name").asString()), object);
    }
    var catalog =
        new SpoCatalog(
            "https://127.0.0.1", SpoGeneration.C, Map.of(SpoKind.SECCOMP_PROFILE, PROFILES));
    return LiveState.of(catalog, Map.of(SpoKind.SECCOMP_PROFILE, Map.of("v1", byId)));
  }
}

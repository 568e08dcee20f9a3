package dev.seccompsync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seccompsync.diff.DesiredObject;
import dev.seccompsync.diff.ObjectPlan;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.ObjectId;
import dev.seccompsync.manifest.Origin;
import dev.seccompsync.manifest.SpoKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class ApplyOrderTest {

  @Test
  void appliesBaseProfilesBeforeTheProfilesNamingThem() {
    var plans =
        List.of(
            profile("app", "middle"),
            profile("middle", "runtime-base"),
            profile("runtime-base", null));

    var order = ApplyOrder.of(plans);

    assertThat(names(order))
        .containsExactly(List.of("runtime-base"), List.of("middle"), List.of("app"));
    assertThat(order.cycles()).isEmpty();
  }

  @Test
  void appliesProfilesBeforeRecordingsBeforeBindings() {
    var plans =
        List.of(
            plan(SpoKind.PROFILE_BINDING, "team-a", "bind", null),
            plan(SpoKind.PROFILE_RECORDING, "team-a", "rec", null),
            plan(SpoKind.SELINUX_PROFILE, null, "selinux", null),
            profile("zeta", null),
            profile("alpha", null),
            plan(SpoKind.APPARMOR_PROFILE, null, "apparmor", null));

    var order = ApplyOrder.of(plans);

    assertThat(names(order))
        .containsExactly(
            List.of("alpha", "zeta"),
            List.of("selinux", "apparmor"),
            List.of("rec"),
            List.of("bind"));
  }

  @Test
  void appliesAProfileWithAChainedBaseBeforeOtherKinds() {
    var plans =
        List.of(
            plan(SpoKind.PROFILE_BINDING, "team-a", "bind", null),
            profile("app", "base"),
            profile("base", null));

    var order = ApplyOrder.of(plans);

    assertThat(names(order)).containsExactly(List.of("base"), List.of("app"), List.of("bind"));
  }

  @Test
  void reportsTheMembersOfABaseProfileCycle() {
    var plans = List.of(profile("one", "two"), profile("two", "one"), profile("alone", null));

    var order = ApplyOrder.of(plans);

    var one = ObjectId.clusterScoped(SpoKind.SECCOMP_PROFILE, "one");
    var two = ObjectId.clusterScoped(SpoKind.SECCOMP_PROFILE, "two");
    assertThat(order.cycles())
        .isEqualTo(Map.of(one, List.of(one, two, one), two, List.of(one, two, one)));
    assertThat(names(order)).containsExactly(List.of("alone"));
  }

  @Test
  void reportsAProfileThatIsItsOwnBase() {
    var plans = List.of(profile("self", "self"));

    var order = ApplyOrder.of(plans);

    var self = ObjectId.clusterScoped(SpoKind.SECCOMP_PROFILE, "self");
    assertThat(order.cycles()).isEqualTo(Map.of(self, List.of(self, self)));
    assertThat(order.waves()).isEmpty();
  }

  @Test
  void ignoresBasesGitDoesNotDefine() {
    var plans = List.of(profile("app", "only-in-cluster"), profile("other", null));

    var order = ApplyOrder.of(plans);

    assertThat(names(order)).containsExactly(List.of("app", "other"));
  }

  @Test
  void takesNoOciReferenceForAGitProfile() {
    var oci = profile("app", "oci://registry.example.com/profiles/base:1.0");
    var named = profile("app", "base");

    var ociBase = ApplyOrder.baseOf(oci);
    var namedBase = ApplyOrder.baseOf(named);

    assertThat(ociBase).isNull();
    assertThat(namedBase).isEqualTo(ObjectId.clusterScoped(SpoKind.SECCOMP_PROFILE, "base"));
  }

  @Test
  void looksForANamespacedBaseInTheProfilesNamespace() {
    var plans =
        List.of(
            plan(SpoKind.SECCOMP_PROFILE, "team-a", "app", "base"),
            plan(SpoKind.SECCOMP_PROFILE, "team-b", "base", null),
            plan(SpoKind.SECCOMP_PROFILE, "team-c", "app", "base"),
            plan(SpoKind.SECCOMP_PROFILE, "team-c", "base", null));

    var order = ApplyOrder.of(plans);

    assertThat(order.waves())
        .extracting(w -> w.stream().map(p -> p.desired().id().toString()).toList())
        .containsExactly(
            List.of(
                "SeccompProfile/team-a/app",
                "SeccompProfile/team-b/base",
                "SeccompProfile/team-c/base"),
            List.of("SeccompProfile/team-c/app"));
  }

  @Test
  void ignoresABaseNameOnOtherKinds() {
    var selinux = plan(SpoKind.SELINUX_PROFILE, null, "app", "base");

    var base = ApplyOrder.baseOf(selinux);

    assertThat(base).isNull();
  }

  private static List<List<String>> names(ApplyOrder order) {
    return order.waves().stream()
        .map(w -> w.stream().map(p -> p.desired().id().name()).toList())
        .toList();
  }

  private static ObjectPlan profile(String name, String base) {
    return plan(SpoKind.SECCOMP_PROFILE, null, name, base);
  }

  private static ObjectPlan plan(SpoKind kind, String namespace, String name, String base) {
    var body = JsonNodeFactory.instance.objectNode();
    body.put("apiVersion", SpoKind.GROUP + "/v1");
    body.put("kind", kind.kind());
    var spec = body.putObject("spec");
    if (base != null) {
      spec.put("baseProfileName", base);
    }
    var manifest =
        new Manifest(
            kind, SpoKind.GROUP + "/v1", name, namespace, body, new Origin(name + ".yaml", 0, 1));
    var desired =
        new DesiredObject(new ObjectId(kind, namespace, name), manifest, null, null, null);
    return new ObjectPlan(desired, null, null, List.of(), false, false);
  }
}

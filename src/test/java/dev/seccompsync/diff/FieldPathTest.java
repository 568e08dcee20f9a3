package dev.seccompsync.diff;

import static dev.seccompsync.diff.SchemaFixtures.json;
import static dev.seccompsync.diff.SchemaFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldPathTest {

  private static final String FIELDS_V1 =
      """
      {"f:metadata": {"f:labels": {".": {}, "f:team": {}}},
       "f:spec": {
         "f:architectures": {"v:\\"SCMP_ARCH_X86\\"": {}},
         "f:defaultAction": {},
         "f:containers": {"k:{\\"name\\":\\"web\\"}": {".": {}, "f:image": {}}},
         "f:errnos": {"v:1": {}},
         "f:syscalls": {}}}
      """;

  private static final String OBJECT =
      """
      {"metadata": {"name": "web", "labels": {"team": "a"}},
       "spec": {
         "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
         "defaultAction": "SCMP_ACT_LOG",
         "containers": [{"name": "db", "image": "db:1"}, {"name": "web", "image": "web:1"}],
         "errnos": [1.0],
         "syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["read"]}]}}
      """;

  @Test
  void listsTheLeavesOfAFieldSet() {
    var fields = node(FIELDS_V1);

    var leaves = FieldPath.leavesOf(fields);

    assertThat(leaves)
        .extracting(FieldPath::toString)
        .containsExactly(
            ".metadata.labels",
            ".metadata.labels.team",
            ".spec.architectures[\"SCMP_ARCH_X86\"]",
            ".spec.defaultAction",
            ".spec.containers[{\"name\":\"web\"}]",
            ".spec.containers[{\"name\":\"web\"}].image",
            ".spec.errnos[1]",
            ".spec.syscalls");
    assertThat(leaves.get(2).elements())
        .containsExactly("f:spec", "f:architectures", "v:\"SCMP_ARCH_X86\"");
  }

  @Test
  void listsNothingForAnEmptyFieldSet() {
    var fields = node("{}");

    var leaves = FieldPath.leavesOf(fields);

    assertThat(leaves).isEmpty();
  }

  @Test
  void findsFieldsSetMembersAndMapItemsInAnObject() {
    var object = json(OBJECT);

    var found = FieldPath.leavesOf(node(FIELDS_V1)).stream().map(p -> p.existsIn(object)).toList();

    assertThat(found).containsOnly(true).hasSize(8);
  }

  @Test
  void missesWhatTheObjectDoesNotHave() {
    var object = json(OBJECT);
    var paths =
        List.of(
            path("f:spec", "f:flags"),
            path("f:spec", "f:architectures", "v:\"SCMP_ARCH_ARM\""),
            path("f:spec", "f:containers", "k:{\"name\":\"cache\"}"),
            path("f:spec", "f:containers", "k:{\"name\":\"web\"}", "f:ports"),
            path("f:spec", "f:syscalls", "i:1"),
            path("f:spec", "f:defaultAction", "f:nested"),
            path("f:metadata", "f:labels", "v:\"team\""));

    var found = paths.stream().map(p -> p.existsIn(object)).toList();

    assertThat(found).containsOnly(false).hasSize(7);
  }

  @Test
  void findsAPositionInAList() {
    var object = json(OBJECT);

    var first = path("f:spec", "f:syscalls", "i:0", "f:action").existsIn(object);

    assertThat(first).isTrue();
  }

  @Test
  void removesAFieldASetMemberAndAMapItem() {
    var object = json(OBJECT);

    path("f:metadata", "f:labels", "f:team").removeFrom(object);
    path("f:spec", "f:architectures", "v:\"SCMP_ARCH_X86\"").removeFrom(object);
    path("f:spec", "f:containers", "k:{\"name\":\"web\"}").removeFrom(object);
    path("f:spec", "f:errnos", "v:1").removeFrom(object);

    assertThat(object.toString())
        .isEqualTo(
            "{\"metadata\":{\"name\":\"web\",\"labels\":{}},\"spec\":{\"architectures\":"
                + "[\"SCMP_ARCH_X86_64\"],\"defaultAction\":\"SCMP_ACT_LOG\",\"containers\":"
                + "[{\"name\":\"db\",\"image\":\"db:1\"}],\"errnos\":[],\"syscalls\":"
                + "[{\"action\":\"SCMP_ACT_ALLOW\",\"names\":[\"read\"]}]}}");
  }

  @Test
  void removesAFieldInsideAMapItem() {
    var object = json(OBJECT);

    path("f:spec", "f:containers", "k:{\"name\":\"web\"}", "f:image").removeFrom(object);

    assertThat(object.at("/spec/containers").toString())
        .isEqualTo("[{\"name\":\"db\",\"image\":\"db:1\"},{\"name\":\"web\"}]");
  }

  @Test
  void leavesTheObjectAloneWhenThePathIsAbsent() {
    var object = json(OBJECT);
    var copy = object.deepCopy();

    path("f:spec", "f:flags", "v:\"x\"").removeFrom(object);
    path("f:status", "f:conditions").removeFrom(object);
    path("f:spec", "f:containers", "k:{\"name\":\"cache\"}").removeFrom(object);

    assertThat(object).isEqualTo(copy);
  }

  private static FieldPath path(String... elements) {
    return new FieldPath(List.of(elements));
  }
}

package dev.seccompsync.promote;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The profile one container's recording proposes for Git: the union of the objects recorded for
 * that container, with a stable name and without what the operator and the server wrote.
 *
 * @param recording {@code namespace/recording}
 * @param recordingName the ProfileRecording's name
 * @param recordingNamespace the ProfileRecording's namespace, or {@code null}
 * @param container the container it was recorded from
 * @param name the object name in Git
 * @param sources the names of the recorded objects it unites
 * @param mergedPartials whether the sources are partial profiles merged here, not by the operator
 * @param labels the labels people set, none of SPO's
 * @param annotations the annotations people set, none of SPO's, plus the recording's identity
 * @param spec the spec, with one rule per action and names sorted
 * @param coverage the operator's {@code spo.x-k8s.io/syscall-coverage} annotation, or {@code null}
 */
public record ProposedProfile(
    String recording,
    String recordingName,
    String recordingNamespace,
    String container,
    String name,
    List<String> sources,
    boolean mergedPartials,
    Map<String, String> labels,
    Map<String, String> annotations,
    ObjectNode spec,
    String coverage) {

  /** Our annotation naming the recording a profile in Git came from. */
  public static final String RECORDING_ANNOTATION = "seccomp-sync.dev/recording";

  /** Our annotation naming the container a profile in Git was recorded from. */
  public static final String CONTAINER_ANNOTATION = "seccomp-sync.dev/container";

  /**
   * The annotation on a profile in Git listing syscalls people keep out of proposals (commas or
   * spaces between names): a reviewer's "no" that later recordings do not undo.
   */
  public static final String DECLINED_ANNOTATION = "seccomp-sync.dev/declined-syscalls";

  public ProposedProfile {
    sources = List.copyOf(sources);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** The same profile allowing only the given names of those it allows. */
  ProposedProfile onlySyscalls(java.util.Set<String> names) {
    var narrowed = spec.deepCopy();
    narrowed.set("syscalls", syscalls().only(names).grouped());
    return new ProposedProfile(
        recording,
        recordingName,
        recordingNamespace,
        container,
        name,
        sources,
        mergedPartials,
        labels,
        annotations,
        narrowed,
        coverage);
  }

  /** The union of the spec's rules. */
  SyscallUnion syscalls() {
    return new SyscallUnion().add(spec.path("syscalls"));
  }
}

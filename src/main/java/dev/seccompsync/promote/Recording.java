package dev.seccompsync.promote;

import java.util.List;

/**
 * What one ProfileRecording has to promote.
 *
 * @param key {@code namespace/recording}
 * @param name the ProfileRecording's name
 * @param namespace its namespace, or {@code null} when the profiles do not say
 * @param profiles one proposed profile per container; empty while partials wait for a merge
 * @param pendingPartials how many partial profiles wait for the operator's merge (when they were
 *     not merged here)
 * @param notes what was done to get there, for people: merges, replicas united
 */
public record Recording(
    String key,
    String name,
    String namespace,
    List<ProposedProfile> profiles,
    int pendingPartials,
    List<String> notes) {

  public Recording {
    profiles = List.copyOf(profiles);
    notes = List.copyOf(notes);
  }

  /** The same recording with other proposed profiles. */
  Recording withProfiles(List<ProposedProfile> replaced) {
    return new Recording(key, name, namespace, replaced, pendingPartials, notes);
  }

  /** The branch this recording's proposals live on: stable, so that reruns reuse it. */
  public String branch() {
    return branchOf(key);
  }

  /** The promotion branch of the recording {@code namespace/name} (or {@code name}). */
  public static String branchOf(String key) {
    return "seccomp-sync/promote/" + key;
  }
}

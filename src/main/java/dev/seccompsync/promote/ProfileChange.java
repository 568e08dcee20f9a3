package dev.seccompsync.promote;

import java.util.List;

/**
 * What a proposal does to one profile in Git.
 *
 * @param profile the proposed profile
 * @param path the file it is written to
 * @param newProfile whether Git had no such profile before
 * @param added syscall names the recording allows and Git did not (or under another action)
 * @param removed names Git allowed that the proposal drops (only when replacing)
 * @param unused names Git allows that the recording never used, kept
 * @param denied names the recording used that Git keeps out: denied by a rule, or declined in the
 *     {@value ProposedProfile#DECLINED_ANNOTATION} annotation
 * @param notes how the file was written, when it is not a plain line edit
 */
public record ProfileChange(
    ProposedProfile profile,
    String path,
    boolean newProfile,
    List<String> added,
    List<String> removed,
    List<String> unused,
    List<String> denied,
    List<String> notes) {

  public ProfileChange {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    unused = List.copyOf(unused);
    denied = List.copyOf(denied);
    notes = List.copyOf(notes);
  }
}

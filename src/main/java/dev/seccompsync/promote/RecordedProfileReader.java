package dev.seccompsync.promote;

import dev.seccompsync.cluster.KindInfo;
import dev.seccompsync.cluster.LiveReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the seccomp profiles SPO recorded: the SeccompProfiles labelled with a recording, in every
 * namespace (or cluster-wide, where profiles are cluster-scoped), chosen by recording, namespace
 * and label selector.
 */
public final class RecordedProfileReader {

  /**
   * Which recorded profiles to read.
   *
   * @param recording a ProfileRecording's name; {@code null} for all
   * @param namespace the recording's namespace; {@code null} for all
   * @param labelSelector more labels the profiles must match; {@code null} for none
   */
  public record Selection(String recording, String namespace, String labelSelector) {

    /** Every recorded profile. */
    public static final Selection ALL = new Selection(null, null, null);

    /** The label selector the server evaluates. */
    String selector() {
      var parts = new ArrayList<String>();
      parts.add(
          recording == null
              ? RecordedProfile.RECORDING_LABEL
              : RecordedProfile.RECORDING_LABEL + "=" + recording);
      if (labelSelector != null && !labelSelector.isBlank()) {
        parts.add(labelSelector.strip());
      }
      return String.join(",", parts);
    }
  }

  private final LiveReader reader;

  public RecordedProfileReader(LiveReader reader) {
    this.reader = reader;
  }

  public List<RecordedProfile> read(KindInfo seccompProfiles, Selection selection) {
    var version = seccompProfiles.storageVersion();
    var profiles = new ArrayList<RecordedProfile>();
    for (var object : reader.list(seccompProfiles, version, selection.selector())) {
      var recorded = RecordedProfile.of(object);
      if (recorded == null) {
        continue;
      }
      if (selection.namespace() != null
          && !selection.namespace().equals(recorded.recordingNamespace())) {
        continue;
      }
      profiles.add(recorded);
    }
    return profiles;
  }
}

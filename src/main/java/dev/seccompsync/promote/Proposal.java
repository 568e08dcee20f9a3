package dev.seccompsync.promote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The change one recording proposes to the base branch.
 *
 * @param recording the recording
 * @param changes one entry per profile that changes, in name order
 * @param files the new contents of the files that change, by path
 * @param skipped profiles left out, with the reason, for people
 */
public record Proposal(
    Recording recording,
    List<ProfileChange> changes,
    Map<String, byte[]> files,
    List<String> skipped) {

  public Proposal {
    changes = List.copyOf(changes);
    files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    skipped = List.copyOf(skipped);
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }

  /**
   * A digest of the proposed files: equal proposals have equal digests, whatever run made them, so
   * a proposal people closed is recognised when it comes again.
   */
  public String hash() {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (var file : files.entrySet()) {
        digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(file.getValue());
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}

package dev.seccompsync.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Where an inventory lives: the ConfigMap that is the parent of an ApplySet (KEP-3659).
 *
 * @param namespace the ConfigMap's namespace
 * @param name the ConfigMap's name
 */
public record InventoryRef(String namespace, String name) {

  /** The default, {@code seccomp-sync/seccomp-sync}. */
  public static final InventoryRef DEFAULT = new InventoryRef("seccomp-sync", "seccomp-sync");

  /**
   * Parses {@code NAMESPACE/NAME}.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static InventoryRef parse(String text) {
    var slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "inventory '%s' is not NAMESPACE/NAME, such as seccomp-sync/seccomp-sync"
              .formatted(text));
    }
    var namespace = text.substring(0, slash);
    var name = text.substring(slash + 1);
    if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "inventory '%s': namespace %s is not a DNS label (lower case letters, digits and '-')"
              .formatted(text, namespace));
    }
    if (name.length() > 253
        || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
      throw new IllegalArgumentException(
          "inventory '%s': name %s is not a DNS subdomain (lower case letters, digits, '-', '.')"
              .formatted(text, name));
    }
    return new InventoryRef(namespace, name);
  }

  /**
   * The ApplySet id, as kubectl computes it for a ConfigMap parent: {@code applyset-} and the
   * unpadded URL-safe base64 of the SHA-256 of {@code name.namespace.ConfigMap.} (the core group is
   * empty), then {@code -v1}.
   */
  public String applySetId() {
    try {
      var digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  "%s.%s.ConfigMap.".formatted(name, namespace).getBytes(StandardCharsets.UTF_8));
      return "applyset-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "-v1";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}

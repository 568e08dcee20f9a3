package dev.seccompsync.diff;

import dev.seccompsync.manifest.ObjectId;
import tools.jackson.databind.JsonNode;

/**
 * The outcome for one object, the one vocabulary every command reports in.
 *
 * @param id the object
 * @param action what happened or would happen; {@code null} in a drift report
 * @param category why the object is in a drift report; {@code null} elsewhere
 * @param source the Git file the object comes from, or {@code null}
 * @param patch RFC 6902 operations from the cluster's state to Git's, or {@code null}
 * @param diff a unified diff of the normalized YAML, or {@code null}
 * @param message one line for people, or {@code null}
 */
public record ObjectResult(
    ObjectId id,
    Action action,
    DriftCategory category,
    String source,
    JsonNode patch,
    String diff,
    String message) {

  public static ObjectResult of(ObjectId id, Action action, String source, String message) {
    return new ObjectResult(id, action, null, source, null, null, message);
  }

  public ObjectResult withAction(Action newAction, String newMessage) {
    return new ObjectResult(id, newAction, category, source, patch, diff, newMessage);
  }

  public ObjectResult withCategory(DriftCategory newCategory, String newMessage) {
    return new ObjectResult(id, action, newCategory, source, patch, diff, newMessage);
  }
}

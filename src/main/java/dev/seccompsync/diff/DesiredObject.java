package dev.seccompsync.diff;

import dev.seccompsync.cluster.KindInfo;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.ObjectId;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Git manifest placed on a cluster: its identity in that cluster's scope and the apply
 * configuration seccomp-sync sends for it.
 *
 * @param id the identity on the cluster
 * @param manifest the manifest it comes from
 * @param info what the cluster serves for the kind
 * @param applyConfiguration the object as sent: Git's fields plus seccomp-sync's label and source
 *     annotation, empty values and fields the schema drops left out
 * @param schema the schema of the manifest's version
 */
public record DesiredObject(
    ObjectId id, Manifest manifest, KindInfo info, ObjectNode applyConfiguration, Schema schema) {

  public String source() {
    return manifest.origin().path();
  }
}

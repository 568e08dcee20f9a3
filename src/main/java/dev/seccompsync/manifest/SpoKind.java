package dev.seccompsync.manifest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Security Profiles Operator kinds that seccomp-sync manages, with the facts that do not depend
 * on the operator release a cluster runs.
 */
public enum SpoKind {
  SECCOMP_PROFILE("SeccompProfile", "seccompprofiles", true, 0),
  SELINUX_PROFILE("SelinuxProfile", "selinuxprofiles", true, 1),
  RAW_SELINUX_PROFILE("RawSelinuxProfile", "rawselinuxprofiles", true, 1),
  APPARMOR_PROFILE("AppArmorProfile", "apparmorprofiles", true, 1),
  PROFILE_RECORDING("ProfileRecording", "profilerecordings", false, 2),
  PROFILE_BINDING("ProfileBinding", "profilebindings", false, 3);

  /** The API group of every SPO kind. */
  public static final String GROUP = "security-profiles-operator.x-k8s.io";

  private final String kind;
  private final String plural;
  private final boolean profile;
  private final int applyStage;

  SpoKind(String kind, String plural, boolean profile, int applyStage) {
    this.kind = kind;
    this.plural = plural;
    this.profile = profile;
    this.applyStage = applyStage;
  }

  /** Finds the kind named by a manifest's {@code kind} field, if it is one of ours. */
  public static Optional<SpoKind> fromKind(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /** Whether an {@code apiVersion} belongs to the SPO group. */
  public static boolean isSpoApiVersion(String apiVersion) {
    return apiVersion != null && apiVersion.startsWith(GROUP + "/");
  }

  public String kind() {
    return kind;
  }

  public String plural() {
    return plural;
  }

  /** The CustomResourceDefinition name, {@code <plural>.<group>}. */
  public String crdName() {
    return plural + "." + GROUP;
  }

  /** Profiles became cluster-scoped in SPO 0.9.0; bindings and recordings stayed namespaced. */
  public boolean isProfile() {
    return profile;
  }

  /**
   * The stage in which apply sends objects of this kind: profiles first, so that recordings and
   * bindings never name a profile the cluster does not have yet.
   */
  public int applyStage() {
    return applyStage;
  }

  @Override
  public String toString() {
    return kind;
  }
}

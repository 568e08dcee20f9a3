package dev.seccompsync.promote;

import dev.seccompsync.manifest.EditableText;
import dev.seccompsync.manifest.LoadOptions;
import dev.seccompsync.manifest.Manifest;
import dev.seccompsync.manifest.ManifestLoader;
import dev.seccompsync.manifest.Problem;
import dev.seccompsync.manifest.SpoKind;
import dev.seccompsync.validate.SyscallTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Works out what a recording changes in the repository: which file each proposed profile goes to,
 * and that file's new text. Profiles Git already has are edited line by line; new ones get a file
 * from the path template. By default a proposal only adds: syscalls Git allows and the recording
 * did not use stay (a recording sees only the paths a workload took while it ran).
 */
public final class Proposer {

  /**
   * @param pathTemplate where new profiles go, with {@code {name}}, {@code {namespace}}, {@code
   *     {recording}} and {@code {container}}
   * @param replace make Git's rules exactly the recorded ones, dropping names the recording did not
   *     use
   * @param namespaced whether SeccompProfiles are namespaced on the cluster
   * @param clusterApiVersion the cluster's preferred apiVersion, for repositories without profiles
   */
  public record Options(
      String pathTemplate, boolean replace, boolean namespaced, String clusterApiVersion) {
    public static final String DEFAULT_PATH_TEMPLATE = "profiles/{name}.yaml";

    public Options {
      pathTemplate = pathTemplate == null ? DEFAULT_PATH_TEMPLATE : pathTemplate;
      if (!pathTemplate.contains("{name}")) {
        throw new IllegalArgumentException(
            "--path-template " + pathTemplate + ": must contain {name}");
      }
      var unknown = pathTemplate.replaceAll("\\{(name|namespace|recording|container)}", "");
      if (unknown.contains("{") || unknown.contains("}")) {
        throw new IllegalArgumentException(
            "--path-template "
                + pathTemplate
                + ": unknown placeholder; use {name}, {namespace}, {recording}, {container}");
      }
      if (pathTemplate.startsWith("/")
          || java.util.Arrays.stream(pathTemplate.split("/"))
              .anyMatch(part -> part.equals("..") || part.equals(".git"))) {
        throw new IllegalArgumentException(
            "--path-template "
                + pathTemplate
                + ": must be a path inside the repository, without .. or .git");
      }
      if (!pathTemplate.endsWith(".yaml") && !pathTemplate.endsWith(".yml")) {
        throw new IllegalArgumentException(
            "--path-template " + pathTemplate + ": must end in .yaml or .yml");
      }
    }

    /** The same options for a cluster that serves SeccompProfiles this way. */
    public Options forCluster(boolean namespaced, String clusterApiVersion) {
      return new Options(pathTemplate, replace, namespaced, clusterApiVersion);
    }
  }

  private final Options options;

  /** The profiles of the last files loaded: recordings of one run share the base branch. */
  private Map<String, byte[]> loadedFrom;

  private Repository loaded;

  /**
   * The syscalls each SeccompProfile in the files allows, by profile name; profiles in files that
   * do not load are left out.
   */
  static Map<String, java.util.Set<String>> allowedByProfile(Map<String, byte[]> files) {
    var allowed = new java.util.HashMap<String, java.util.Set<String>>();
    for (var manifest : Repository.load(files).profiles()) {
      var names = new java.util.HashSet<String>();
      new SyscallUnion()
          .add(manifest.body().path("spec").path("syscalls"))
          .byName()
          .forEach(
              (name, verdict) -> {
                if (verdict.allows()) {
                  names.add(name);
                }
              });
      allowed.merge(
          manifest.name(),
          names,
          (a, b) -> {
            a.addAll(b);
            return a;
          });
    }
    return allowed;
  }

  /** Whether proposals replace what Git allows rather than add to it. */
  boolean replaces() {
    return options.replace();
  }

  public Proposer(Options options) {
    this.options = options;
  }

  /**
   * The proposal of one recording against the base branch's files.
   *
   * @param files every file of the base branch that may matter, path to content (manifests and
   *     {@code .gitattributes})
   */
  public Proposal propose(Recording recording, Map<String, byte[]> files) {
    if (files != loadedFrom) { // the very map of the last call, not an equal one
      loaded = Repository.load(files);
      loadedFrom = files;
    }
    var repository = loaded;
    var attributes = new LineEndings(files.get(".gitattributes"));
    var changes = new ArrayList<ProfileChange>();
    var written = new LinkedHashMap<String, byte[]>();
    var skipped = new ArrayList<String>();
    var sorted =
        recording.profiles().stream().sorted(Comparator.comparing(ProposedProfile::name)).toList();
    for (var profile : sorted) {
      var existing = repository.find(profile);
      if (existing.size() > 1) {
        skipped.add(
            "%s: Git has it %d times (%s); keep one and rerun"
                .formatted(profile.name(), existing.size(), origins(existing)));
        continue;
      }
      try {
        var change =
            existing.isEmpty()
                ? create(profile, repository, written, files)
                : update(profile, existing.get(0), attributes, written, files);
        if (change != null) {
          changes.add(change);
        }
      } catch (PromotionException e) {
        skipped.add(e.getMessage());
      }
    }
    return new Proposal(recording, changes, written, skipped);
  }

  private ProfileChange create(
      ProposedProfile profile,
      Repository repository,
      Map<String, byte[]> written,
      Map<String, byte[]> files) {
    if (!repository.errors().isEmpty()) {
      throw new PromotionException(
          ("%s: not proposed: Git may have it in a file that does not load (%s); fix that"
                  + " file first")
              .formatted(profile.name(), repository.errors().get(0)));
    }
    var path = path(profile);
    if (files.containsKey(path) || written.containsKey(path)) {
      var content = files.get(path);
      if (content != null && ManifestLoader.isLfsPointer(content)) {
        throw new PromotionException(
            ("%s: %s is a Git LFS pointer, content not available; not written over (store"
                    + " profiles without LFS)")
                .formatted(profile.name(), path));
      }
      throw new PromotionException(
          "%s: %s already holds other objects; choose another --path-template"
              .formatted(profile.name(), path));
    }
    var apiVersion = repository.apiVersion().orElse(options.clusterApiVersion());
    var manifest = ProfileYaml.manifest(profile, apiVersion, options.namespaced());
    var text =
        "# Recorded by SPO (recording "
            + profile.recording()
            + ", container "
            + profile.container()
            + ") and promoted by seccomp-sync.\n"
            + ProfileYaml.render(manifest, "\n");
    written.put(path, text.getBytes(StandardCharsets.UTF_8));
    var names = profile.syscalls().names();
    return new ProfileChange(
        profile, path, true, List.copyOf(names), List.of(), List.of(), List.of(), List.of());
  }

  private ProfileChange update(
      ProposedProfile profile,
      Manifest existing,
      LineEndings attributes,
      Map<String, byte[]> written,
      Map<String, byte[]> files) {
    var path = existing.origin().path();
    if (!path.endsWith(".yaml") && !path.endsWith(".yml")) {
      throw new PromotionException(
          "%s: Git has it in %s, which is not YAML; edit that file by hand"
              .formatted(profile.name(), path));
    }
    var inGit = new SyscallUnion().add(existing.body().path("spec").path("syscalls"));
    var declined = declined(existing);
    var everything = profile.syscalls();
    var recorded = everything.without(declined);
    // Git's denies always stay: adding never overrides a name Git rules on, and replacing
    // replaces only what Git allows.
    var target = options.replace() ? inGit.replacingAllowed(recorded) : inGit.plusNew(recorded);
    var added = new ArrayList<String>();
    var removed = new ArrayList<String>();
    target
        .byName()
        .forEach(
            (name, verdict) -> {
              if (!verdict.equals(inGit.byName().get(name))) {
                added.add(name);
              }
            });
    inGit
        .byName()
        .forEach(
            (name, verdict) -> {
              if (!target.byName().containsKey(name)) {
                removed.add(name);
              }
            });
    if (added.isEmpty() && removed.isEmpty()) {
      return null;
    }
    var unused = inGit.allowedNotIn(everything);
    var denied = new TreeSet<>(inGit.deniedOf(recorded));
    var allowedAnyway = new TreeSet<String>();
    for (var name : everything.byName().keySet()) {
      if (!declined.contains(name)) {
        continue;
      }
      var inRules = inGit.byName().get(name);
      if (inRules != null && inRules.allows()) {
        allowedAnyway.add(name);
      } else {
        denied.add(name);
      }
    }
    EditableText original;
    try {
      original = EditableText.of(written.containsKey(path) ? written.get(path) : files.get(path));
    } catch (IllegalArgumentException e) {
      throw new PromotionException(profile.name() + ": " + path + ": " + e.getMessage());
    }
    var text = original.text();
    var notes = new ArrayList<String>(declinedNotes(declined, allowedAnyway));
    var edited = new SyscallsEditor(text).update(existing.origin().document(), target);
    String result;
    if (edited.isPresent()) {
      result = edited.get();
    } else {
      result = rewriteDocument(text, existing, target);
      notes.add(
          "seccomp-sync could not make this change line by line (the rules are in flow style,"
              + " or a rule is left without names), so the document was written anew; comments"
              + " inside it were not kept");
    }
    var normalized = attributes.normalize(path, result);
    if (!normalized.equals(result)) {
      notes.add("line endings changed to LF, as .gitattributes asks for " + path);
      result = normalized;
    }
    written.put(path, original.bytes(result));
    return new ProfileChange(
        profile,
        path,
        false,
        added,
        options.replace() ? removed : List.of(),
        options.replace() ? List.of() : unused,
        List.copyOf(denied),
        notes);
  }

  /**
   * The names people keep out of proposals for a profile: its {@value
   * ProposedProfile#DECLINED_ANNOTATION} annotation, names separated by commas or spaces.
   */
  private static java.util.Set<String> declined(Manifest existing) {
    var value =
        existing
            .body()
            .path("metadata")
            .path("annotations")
            .path(ProposedProfile.DECLINED_ANNOTATION)
            .asString("");
    var names = new java.util.TreeSet<String>();
    for (var name : value.split("[,;\\s]+")) {
      if (!name.isBlank()) {
        names.add(name.strip().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }

  /**
   * What people should know about their declined list: names no architecture has (a typo keeps
   * nothing out), and names the rules allow all the same (the allow wins).
   */
  private static List<String> declinedNotes(
      java.util.Set<String> declined, java.util.Set<String> allowedAnyway) {
    var notes = new ArrayList<String>();
    var table = SyscallTable.load();
    for (var name : declined) {
      if (!table.knowsAnywhere(name)) {
        var near = table.closest(name, table.architectures());
        notes.add(
            "`%s` in %s is no syscall on any architecture%s, so it keeps nothing out"
                .formatted(
                    name,
                    ProposedProfile.DECLINED_ANNOTATION,
                    near.map(n -> " (did you mean `" + n + "`?)").orElse("")));
      }
    }
    for (var name : allowedAnyway) {
      notes.add(
          ("`%s` is listed in %s, yet the profile's rules allow it; the allow stays until it is"
                  + " removed from the rules")
              .formatted(name, ProposedProfile.DECLINED_ANNOTATION));
    }
    return notes;
  }

  /** The document with its rules replaced, rendered anew; the rest of the file stays. */
  private static String rewriteDocument(String text, Manifest existing, SyscallUnion target) {
    var body = existing.body().deepCopy();
    ((tools.jackson.databind.node.ObjectNode) body.path("spec")).set("syscalls", target.grouped());
    var eol = text.contains("\r\n") ? "\r\n" : "\n";
    var rendered = ProfileYaml.render(body, eol);
    var range = DocumentRange.of(text, existing.origin().document());
    var replacement = rendered;
    if (range.end() < text.length() && !replacement.endsWith(eol)) {
      replacement += eol;
    }
    return text.substring(0, range.start()) + replacement + text.substring(range.end());
  }

  private String path(ProposedProfile profile) {
    var namespace = profile.recordingNamespace() == null ? "" : profile.recordingNamespace();
    return options
        .pathTemplate()
        .replace("{name}", profile.name())
        .replace("{namespace}", namespace)
        .replace("{recording}", profile.recordingName())
        .replace("{container}", profile.container())
        .replaceAll("/+", "/")
        .replaceAll("^/", "");
  }

  private static String origins(List<Manifest> manifests) {
    return manifests.stream()
        .map(m -> m.origin().path() + ":" + m.origin().line())
        .collect(Collectors.joining(", "));
  }

  /** The SeccompProfiles of the base branch, and the files that failed to load. */
  private record Repository(List<Manifest> profiles, List<String> errors) {

    static Repository load(Map<String, byte[]> files) {
      var loader = new ManifestLoader(LoadOptions.defaults());
      var profiles = new ArrayList<Manifest>();
      var errors = new ArrayList<String>();
      for (var file : files.entrySet()) {
        if (!ManifestLoader.isManifestPath(file.getKey())) {
          continue;
        }
        var loaded = loader.load(file.getKey(), file.getValue());
        loaded.problems().stream()
            .filter(Problem::isError)
            .findFirst()
            .ifPresent(p -> errors.add(p.toString()));
        loaded.manifests().stream()
            .filter(m -> m.kind() == SpoKind.SECCOMP_PROFILE)
            .forEach(profiles::add);
      }
      return new Repository(profiles, errors);
    }

    /** Git's copies of a profile: the same name, and the same namespace where both say one. */
    List<Manifest> find(ProposedProfile profile) {
      return profiles.stream()
          .filter(m -> m.name().equals(profile.name()))
          .filter(
              m ->
                  m.namespace() == null
                      || profile.recordingNamespace() == null
                      || m.namespace().equals(profile.recordingNamespace()))
          .toList();
    }

    /** The apiVersion most profiles in Git use. */
    java.util.Optional<String> apiVersion() {
      var counts = new HashMap<String, Long>();
      profiles.forEach(m -> counts.merge(m.apiVersion(), 1L, Long::sum));
      return counts.entrySet().stream()
          .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
          .map(Map.Entry::getKey);
    }
  }
}

package dev.seccompsync.cli;

import dev.seccompsync.promote.HostingException;
import dev.seccompsync.promote.PromoteConfig;
import dev.seccompsync.promote.PromotionException;
import dev.seccompsync.promote.Proposer;
import dev.seccompsync.promote.Provider;
import dev.seccompsync.promote.Recordings;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine.ParameterException;

/**
 * What {@code promote} runs with: each flag, else the repository's {@code .seccomp-sync.yaml}, else
 * the default. A bad value is reported against where it came from: the flag, or the file's key.
 */
record PromoteSettings(
    String base,
    Recordings.Options recordings,
    Proposer.Options proposer,
    List<String> labels,
    List<String> reviewers,
    boolean draft,
    PersonIdent author) {

  static final String DEFAULT_AUTHOR = "seccomp-sync <seccomp-sync@users.noreply.localhost>";

  static PromoteSettings of(PromoteCommand command, PromoteConfig config, String defaultBranch) {
    var nameTemplate = pick(command.nameTemplate, config.nameTemplate());
    var pathTemplate = pick(command.pathTemplate, config.pathTemplate());
    Recordings.Options recordings;
    Proposer.Options proposer;
    try {
      recordings = new Recordings.Options(command.mergePartials, command.perReplica, nameTemplate);
    } catch (IllegalArgumentException e) {
      throw refused(command, command.nameTemplate, "--name-template", "nameTemplate", e);
    }
    try {
      proposer =
          new Proposer.Options(
              pathTemplate == null ? defaultPathTemplate(command.paths) : pathTemplate,
              command.replace,
              true,
              null);
    } catch (IllegalArgumentException e) {
      throw refused(command, command.pathTemplate, "--path-template", "pathTemplate", e);
    }
    if (command.selection.selector != null && command.selection.selector.isBlank()) {
      throw new ParameterException(
          command.spec.commandLine(),
          "-l: the selector is empty, which would select every recording; pass --all for that");
    }
    if (config.provider() != null) {
      try {
        Provider.parse(config.provider());
      } catch (HostingException e) {
        throw new PromotionException(PromoteConfig.FILE + ": promote.provider: " + e.getMessage());
      }
    }
    var author = pick(command.author, config.author());
    if (author == null) {
      author = DEFAULT_AUTHOR;
    } else if (!author.matches("[^<>\\r\\n]+ <[^<>\\s]+>")) {
      var message = "must look like 'Name <email>', not '%s'".formatted(author);
      if (command.author != null) {
        throw new ParameterException(command.spec.commandLine(), "--author " + message);
      }
      throw new PromotionException(PromoteConfig.FILE + ": promote.author " + message);
    }
    return new PromoteSettings(
        pick(pick(command.base, config.base()), defaultBranch),
        recordings,
        proposer,
        command.labels.isEmpty() ? config.labels() : command.labels,
        command.reviewers.isEmpty() ? config.reviewers() : command.reviewers,
        command.draft != null ? command.draft : Boolean.TRUE.equals(config.draft()),
        ident(author));
  }

  /** {@code profiles/{name}.yaml}, below the first {@code --path} when there is one. */
  private static String defaultPathTemplate(List<String> paths) {
    if (paths.isEmpty()) {
      return Proposer.Options.DEFAULT_PATH_TEMPLATE;
    }
    var first = paths.get(0).replaceAll("^\\./", "").replaceAll("/+$", "");
    return first + "/" + Proposer.Options.DEFAULT_PATH_TEMPLATE;
  }

  private static RuntimeException refused(
      PromoteCommand command,
      String flagValue,
      String flag,
      String key,
      IllegalArgumentException e) {
    if (flagValue != null) {
      return new ParameterException(command.spec.commandLine(), e.getMessage());
    }
    return new PromotionException(
        e.getMessage().replaceFirst("^" + flag, PromoteConfig.FILE + ": promote." + key));
  }

  private static PersonIdent ident(String author) {
    var name = author.substring(0, author.indexOf('<')).strip();
    var email = author.substring(author.indexOf('<') + 1, author.indexOf('>'));
    return new PersonIdent(name, email);
  }

  private static String pick(String flag, String configured) {
    return flag != null ? flag : configured;
  }
}

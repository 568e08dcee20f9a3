package dev.seccompsync.cli;

import java.time.Duration;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as Kubernetes tools write them: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}. */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    var matcher = SIMPLE.matcher(value.trim());
    if (!matcher.matches()) {
      throw new TypeConversionException(
          "'%s' is not a duration; write it as 500ms, 30s, 5m or 1h".formatted(value));
    }
    var amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}

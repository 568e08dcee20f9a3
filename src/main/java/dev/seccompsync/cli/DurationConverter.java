package dev.seccompsync.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as Kubernetes and Go tools write them: {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code
 * 1m30s}, {@code 2h45m}.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  /** Longer than any sensible wait, and far from overflowing. */
  private static final Duration MAX = Duration.ofDays(365);

  @Override
  public Duration convert(String value) {
    var text = value.trim();
    if (!WHOLE.matcher(text).matches()) {
      throw new TypeConversionException(
          "'%s' is not a duration; write it as 500ms, 30s, 1.5s, 5m or 1h30m".formatted(value));
    }
    var matcher = PART.matcher(text);
    var millis = BigDecimal.ZERO;
    while (matcher.find()) {
      var amount = new BigDecimal(matcher.group(1));
      var unit =
          switch (matcher.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
          };
      millis = millis.add(amount.multiply(BigDecimal.valueOf(unit)));
    }
    if (millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) {
      throw new TypeConversionException("'%s' is longer than a year".formatted(value));
    }
    return Duration.ofMillis(millis.longValue());
  }
}

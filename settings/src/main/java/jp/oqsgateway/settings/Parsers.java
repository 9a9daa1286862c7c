package jp.oqsgateway.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for configuration values; each failure message states the rule, not just "invalid". */
public final class Parsers {
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Parsers() {}

  public static Function<String, Integer> integer(int min, int max) {
    return raw -> {
      int value;
      try {
        value = Integer.parseInt(raw.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a whole number, got '" + raw + "'");
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    };
  }

  public static Function<String, Integer> port() {
    return integer(0, 65535);
  }

  public static Function<String, String> text() {
    return String::trim;
  }

  public static Function<String, String> nonBlank() {
    return raw -> {
      if (raw.isBlank()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return raw.trim();
    };
  }

  public static Function<String, Boolean> bool() {
    return raw ->
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
          case "true", "yes", "on" -> true;
          case "false", "no", "off" -> false;
          default -> throw new IllegalArgumentException("must be true or false, got '" + raw + "'");
        };
  }

  /**
   * Accepts {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 {@code
   * PT10S}.
   */
  public static Function<String, Duration> duration() {
    return raw -> {
      String s = raw.trim().toLowerCase(Locale.ROOT);
      Matcher m = SIMPLE_DURATION.matcher(s);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      try {
        return Duration.parse(raw.trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "must be a duration such as 500ms, 10s, 2m or PT10S, got '" + raw + "'");
      }
    };
  }

  public static Function<String, Duration> between(Duration min, Duration max) {
    return raw -> {
      Duration d = duration().apply(raw);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "must be between " + min.toMillis() + "ms and " + max.toSeconds() + "s, got " + raw);
      }
      return d;
    };
  }

  public static Function<String, Duration> atLeast(Duration min) {
    return raw -> {
      Duration d = duration().apply(raw);
      if (d.compareTo(min) < 0) {
        throw new IllegalArgumentException("must be at least " + min.toSeconds() + "s, got " + raw);
      }
      return d;
    };
  }

  public static Function<String, Duration> atMost(Duration max) {
    return raw -> {
      Duration d = duration().apply(raw);
      if (d.isNegative() || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "must be between 0s and " + max.toSeconds() + "s, got " + raw);
      }
      return d;
    };
  }

  public static Function<String, String> oneOf(String... allowed) {
    return raw -> {
      String s = raw.trim();
      for (String a : allowed) {
        if (a.equalsIgnoreCase(s)) {
          return a;
        }
      }
      throw new IllegalArgumentException(
          "must be one of " + String.join(", ", allowed) + ", got '" + raw + "'");
    };
  }

  /** Comma-separated parts, trimmed, empty ones dropped. */
  public static List<String> commaSeparated(String raw) {
    return Arrays.stream(raw.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
  }
}

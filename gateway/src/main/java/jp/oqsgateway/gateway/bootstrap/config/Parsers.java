package jp.oqsgateway.gateway.bootstrap.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for configuration values; each failure message states the rule, not just "invalid". */
final class Parsers {
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Parsers() {}

  static Function<String, Integer> integer(int min, int max) {
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

  static Function<String, Integer> port() {
    return integer(0, 65535);
  }

  static Function<String, String> text() {
    return String::trim;
  }

  static Function<String, Boolean> bool() {
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
  static Function<String, Duration> duration() {
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

  static Function<String, String> oneOf(String... allowed) {
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

  /** A libpq-style URL, {@code postgresql://user:password@host:port/database}; empty = embedded. */
  static Function<String, String> postgresUrl() {
    return raw -> {
      String s = raw.trim();
      if (!s.isEmpty() && !s.startsWith("postgresql://") && !s.startsWith("postgres://")) {
        throw new IllegalArgumentException(
            "must start with postgresql:// (e.g. postgresql://user:password@host:5432/oqsgw)");
      }
      return s;
    };
  }
}

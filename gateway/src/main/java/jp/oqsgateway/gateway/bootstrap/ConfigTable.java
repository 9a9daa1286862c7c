package jp.oqsgateway.gateway.bootstrap;

import java.io.PrintStream;
import jp.oqsgateway.gateway.bootstrap.config.ConfigSource;
import jp.oqsgateway.gateway.bootstrap.config.Setting;
import jp.oqsgateway.gateway.bootstrap.config.Settings;

/** Prints every key with the value in force and its origin; secrets in URLs are masked. */
final class ConfigTable {
  private ConfigTable() {}

  static void print(ConfigSource source, PrintStream out) {
    for (Setting<?> s : Settings.ALL) {
      Object value = source.get(s);
      String shown =
          s == Settings.PG_URL || s == Settings.PG_MIGRATION_URL
              ? maskPassword(String.valueOf(value))
              : String.valueOf(value);
      out.printf(
          "%-28s %-24s %s%n    %s%n    env %s%n",
          s.key(),
          shown.isEmpty() ? "(empty)" : shown,
          "[" + source.origin(s) + "]",
          s.description(),
          s.environmentVariable());
    }
  }

  static String maskPassword(String url) {
    return url.replaceAll("(://[^:/@]+:)[^@]*@", "$1****@")
        .replaceAll("(?i)(password=)[^&]*", "$1****");
  }
}

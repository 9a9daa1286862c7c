package jp.oqsgateway.gateway.bootstrap;

import java.io.PrintStream;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Setting;

/** Prints every key with the value in force and its origin; secrets in URLs are masked. */
final class ConfigTable {
  private ConfigTable() {}

  static void print(ConfigSource source, PrintStream out) {
    for (Setting<?> s : Settings.ALL) {
      Object value = source.get(s);
      String shown =
          s == DatabaseSettings.PG_URL || s == DatabaseSettings.PG_MIGRATION_URL
              ? maskPassword(String.valueOf(value))
              : String.valueOf(value);
      out.printf(
          "%-28s %-24s %s%n    %s%n    env %s%n",
          s.key(),
          shown.isEmpty() ? "(empty)" : shown,
          "[" + source.origin(s) + "]",
          s.description(),
          Settings.CATALOG.environmentVariable(s));
    }
  }

  static String maskPassword(String url) {
    return url.replaceAll("(://[^:/@]+:)[^@]*@", "$1****@")
        .replaceAll("(?i)(password=)[^&]*", "$1****");
  }
}

package jp.oqsgateway.gateway.bootstrap.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration key: its name, default, documentation and parser. Every key the gateway reads
 * is declared once in {@link Settings}, so the documentation and the code cannot drift.
 *
 * @param key dotted name used in the YAML file, e.g. {@code api.port}
 * @param defaultValue the value used when neither the file nor the environment sets it; empty means
 *     "not set"
 * @param description one line for operators
 * @param parser turns the raw text into a typed value, throwing {@link IllegalArgumentException}
 *     with the rule that was broken
 */
public record Setting<T>(
    String key, String defaultValue, String description, Function<String, T> parser) {

  /**
   * The environment variable that overrides this key: {@code api.port} → {@code OQSGW_API_PORT}.
   */
  public String environmentVariable() {
    return "OQSGW_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}

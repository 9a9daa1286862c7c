package jp.oqsgateway.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every key of one program, in documentation order, with how its environment variables are named
 * and how its errors read.
 *
 * @param environmentPrefix e.g. {@code OQSGW_}: {@code api.port} → {@code OQSGW_API_PORT}
 * @param reference where operators look keys up, named when a key is unknown
 * @param errors how a {@link ConfigException} of this program reads
 */
public record Catalog(
    String environmentPrefix, String reference, ErrorFormat errors, List<Setting<?>> settings) {

  public Catalog {
    settings = List.copyOf(settings);
  }

  /** The environment variable that overrides a key. */
  public String environmentVariable(Setting<?> setting) {
    return environmentPrefix
        + setting.key().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Reads the layers: defaults, then the YAML file, then environment variables, then overrides.
   *
   * @param file the YAML file, or null for none
   * @param env the process environment (only the variables of known keys are read)
   * @param overrides key → value from the command line or tests, highest priority
   */
  public ConfigSource load(Path file, Map<String, String> env, Map<String, String> overrides) {
    return ConfigSource.load(this, file, env, overrides);
  }

  /** An error of this program, naming the key, where its value came from (or null) and the rule. */
  public ConfigException error(String key, String origin, String rule) {
    return new ConfigException(errors.message(key, origin, rule));
  }

  /** How an error line is worded; each program keeps the wording its operators know. */
  @FunctionalInterface
  public interface ErrorFormat {
    /**
     * {@code api.port: must be between 0 and 65535, got 80800 (from environment OQSGW_API_PORT)}.
     */
    ErrorFormat KEY_RULE_ORIGIN =
        (key, origin, rule) -> key + ": " + rule + (origin == null ? "" : " (from " + origin + ")");

    /** {@code configuration buffer.max-events (agent.yaml): an integer from 1 to 1000000}. */
    ErrorFormat CONFIGURATION_KEY_ORIGIN_RULE =
        (key, origin, rule) ->
            "configuration " + key + (origin == null ? "" : " (" + origin + ")") + ": " + rule;

    String message(String key, String origin, String rule);
  }
}

package jp.oqsgateway.settings;

/**
 * Invalid configuration: names the key, where the value came from, and the rule it broke. The
 * message is one line, in the words of the program's {@link Catalog.ErrorFormat}.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code key: rule (from origin)}. */
  public ConfigException(String key, String origin, String rule) {
    this(Catalog.ErrorFormat.KEY_RULE_ORIGIN.message(key, origin, rule));
  }

  ConfigException(String message) {
    super(message);
  }
}

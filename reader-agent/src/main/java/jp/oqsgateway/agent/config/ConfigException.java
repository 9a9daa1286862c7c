package jp.oqsgateway.agent.config;

/** A configuration value breaks a rule. The message is one line: key, rule, where it came from. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String key, String origin, String rule) {
    super("configuration " + key + (origin == null ? "" : " (" + origin + ")") + ": " + rule);
  }
}

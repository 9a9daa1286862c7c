package jp.oqsgateway.gateway.bootstrap.config;

/** Invalid configuration: names the key, where the value came from, and the rule it broke. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String key, String origin, String problem) {
    super(key + ": " + problem + (origin == null ? "" : " (from " + origin + ")"));
  }
}

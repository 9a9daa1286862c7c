package jp.oqsgateway.gateway.bootstrap.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Raw configuration values in layers: defaults, then the YAML file, then {@code OQSGW_*}
 * environment variables, then explicit overrides (command line, tests). Each value remembers where
 * it came from so an error can say which file or variable to fix.
 */
public final class ConfigSource {
  private final Map<String, String> values;
  private final Map<String, String> origins;

  private ConfigSource(Map<String, String> values, Map<String, String> origins) {
    this.values = values;
    this.origins = origins;
  }

  /**
   * @param file the YAML file, or null for none
   * @param env the process environment (only {@code OQSGW_*} names of known keys are read)
   * @param overrides key → value, highest priority
   */
  public static ConfigSource load(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    Set<String> known = Settings.ALL.stream().map(Setting::key).collect(Collectors.toSet());
    if (file != null) {
      readYaml(file)
          .forEach(
              (key, value) -> {
                if (!known.contains(key)) {
                  throw new ConfigException(
                      key, file.toString(), "unknown key (see docs/CONFIGURATION.md)");
                }
                values.put(key, value);
                origins.put(key, file.toString());
              });
    }
    for (Setting<?> s : Settings.ALL) {
      String fromEnv = env.get(s.environmentVariable());
      if (fromEnv != null) {
        values.put(s.key(), fromEnv);
        origins.put(s.key(), "environment " + s.environmentVariable());
      }
    }
    overrides.forEach(
        (key, value) -> {
          if (!known.contains(key)) {
            throw new ConfigException(key, "override", "unknown key (see docs/CONFIGURATION.md)");
          }
          values.put(key, value);
          origins.put(key, "override");
        });
    return new ConfigSource(values, origins);
  }

  /** The typed value of a setting; throws {@link ConfigException} naming the key and the rule. */
  public <T> T get(Setting<T> setting) {
    String raw = values.getOrDefault(setting.key(), setting.defaultValue());
    try {
      return setting.parser().apply(raw);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting.key(), origins.get(setting.key()), e.getMessage());
    }
  }

  /** True when the file, environment or an override set the key (defaults do not count). */
  public boolean isSet(Setting<?> setting) {
    return values.containsKey(setting.key());
  }

  /** Where the value in force came from: a file path, an environment variable, or "default". */
  public String origin(Setting<?> setting) {
    return origins.getOrDefault(setting.key(), "default");
  }

  private static Map<String, String> readYaml(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file", file.toString(), "file does not exist");
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object root = yaml.load(reader);
      Map<String, String> flat = new LinkedHashMap<>();
      if (root == null) {
        return flat;
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw new ConfigException("config file", file.toString(), "must be a mapping of keys");
      }
      flatten("", map, flat, file);
      return flat;
    } catch (IOException e) {
      throw new ConfigException(
          "config file", file.toString(), "cannot be read: " + e.getMessage());
    } catch (YAMLException e) {
      throw new ConfigException(
          "config file", file.toString(), "is not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out, Path file) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      Object value = e.getValue();
      if (value instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, out, file);
      } else if (value instanceof Iterable<?>) {
        throw new ConfigException(key, file.toString(), "lists are not supported here");
      } else {
        out.put(key, value == null ? "" : String.valueOf(value));
      }
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}

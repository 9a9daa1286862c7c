package jp.oqsgateway.settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Raw configuration values in layers: defaults, then the YAML file (nested mappings or flat dotted
 * keys), then environment variables, then explicit overrides (command line, tests). Each value
 * remembers where it came from so an error can say which file or variable to fix.
 */
public final class ConfigSource {
  private final Catalog catalog;
  private final Map<String, Object> values;
  private final Map<String, String> origins;

  private ConfigSource(Catalog catalog, Map<String, Object> values, Map<String, String> origins) {
    this.catalog = catalog;
    this.values = values;
    this.origins = origins;
  }

  static ConfigSource load(
      Catalog catalog, Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, Object> values = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    Map<String, Setting<?>> known =
        catalog.settings().stream().collect(Collectors.toMap(Setting::key, Function.identity()));
    String unknown = "unknown key (see " + catalog.reference() + ")";
    if (file != null) {
      readYaml(catalog, file)
          .forEach(
              (key, value) -> {
                Setting<?> setting = known.get(key);
                if (setting == null) {
                  throw catalog.error(key, file.toString(), unknown);
                }
                if (value instanceof List<?> && setting.listParser() == null) {
                  throw catalog.error(key, file.toString(), "lists are not supported here");
                }
                values.put(key, value);
                origins.put(key, file.toString());
              });
    }
    for (Setting<?> s : catalog.settings()) {
      String name = catalog.environmentVariable(s);
      String fromEnv = env.get(name);
      if (fromEnv != null) {
        values.put(s.key(), fromEnv);
        origins.put(s.key(), "environment " + name);
      }
    }
    overrides.forEach(
        (key, value) -> {
          if (!known.containsKey(key)) {
            throw catalog.error(key, "override", unknown);
          }
          values.put(key, value);
          origins.put(key, "override");
        });
    return new ConfigSource(catalog, values, origins);
  }

  /** The typed value of a setting; throws {@link ConfigException} naming the key and the rule. */
  public <T> T get(Setting<T> setting) {
    Object raw = values.getOrDefault(setting.key(), setting.defaultValue());
    try {
      return raw instanceof List<?> list
          ? setting.listParser().apply(list)
          : setting.parser().apply((String) raw);
    } catch (IllegalArgumentException e) {
      throw catalog.error(setting.key(), origins.get(setting.key()), e.getMessage());
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

  private static Map<String, Object> readYaml(Catalog catalog, Path file) {
    if (!Files.isRegularFile(file)) {
      throw catalog.error("config file", file.toString(), "file does not exist");
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object root = yaml.load(reader);
      Map<String, Object> flat = new LinkedHashMap<>();
      if (root == null) {
        return flat;
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw catalog.error("config file", file.toString(), "must be a mapping of keys");
      }
      flatten("", map, flat);
      return flat;
    } catch (IOException e) {
      throw catalog.error("config file", file.toString(), "cannot be read: " + e.getMessage());
    } catch (YAMLException e) {
      throw catalog.error(
          "config file", file.toString(), "is not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  /** Nested mappings become dotted keys; a list stays a list; any other value becomes text. */
  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      Object value = e.getValue();
      if (value instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, out);
      } else if (value instanceof List<?> list) {
        out.put(key, list);
      } else {
        out.put(key, value == null ? "" : String.valueOf(value));
      }
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}

package jp.oqsgateway.gateway.http.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The published contracts as a YAML 1.1 reader (SnakeYAML, like many vendors' tools) reads them.
 */
final class ContractYaml {
  private ContractYaml() {}

  static String text(String classpathLocation) {
    try (InputStream in =
        ContractYaml.class.getClassLoader().getResourceAsStream(classpathLocation)) {
      if (in == null) {
        throw new IllegalStateException(classpathLocation + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Object tree(String classpathLocation) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options)).load(text(classpathLocation));
  }

  @SuppressWarnings("unchecked")
  static JsonObject json(String classpathLocation) {
    return new JsonObject(new JsonObject((Map<String, Object>) tree(classpathLocation)).encode());
  }

  /**
   * Keys a YAML 1.1 reader does not read as the author meant: a non-string key ({@code on}, {@code
   * yes} become booleans), or a key with a space in it (the rest of a flow-style description cut at
   * a comma), each with its path.
   */
  static List<String> misreadKeys(Object node, String path) {
    List<String> found = new ArrayList<>();
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            if (!(key instanceof String name)) {
              found.add(path + "/" + key + " (read as " + key.getClass().getSimpleName() + ")");
            } else if (name.contains(" ")
                || (value == null && !name.matches("[A-Za-z$][A-Za-z0-9_-]*"))) {
              // a flow-style description cut at a comma leaves its rest as a key without a value
              found.add(path + "/" + name);
            } else {
              found.addAll(misreadKeys(value, path + "/" + name));
            }
          });
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        found.addAll(misreadKeys(list.get(i), path + "/" + i));
      }
    }
    return found;
  }

  /** The {@code name} of each message a channel of the AsyncAPI document lists. */
  static List<String> messageNames(JsonObject asyncApi, String channel) {
    List<String> names = new ArrayList<>();
    asyncApi
        .getJsonObject("channels")
        .getJsonObject(channel)
        .getJsonObject("messages")
        .forEach(
            e -> {
              String ref = ((JsonObject) e.getValue()).getString("$ref");
              String id = ref.substring(ref.lastIndexOf('/') + 1);
              names.add(
                  asyncApi
                      .getJsonObject("components")
                      .getJsonObject("messages")
                      .getJsonObject(id)
                      .getString("name"));
            });
    return names;
  }

  static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(o -> out.add((String) o));
    return out;
  }
}

package jp.oqsgateway.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.oqsgateway.agent.journal.Journal;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@link AgentConfig}: defaults, then a YAML file (flat dotted keys, {@code readers} a list
 * of {@code {match, id, desk}}), then environment variables {@code OQSAGENT_<KEY>} ({@code
 * agent.id} → {@code OQSAGENT_AGENT_ID}; {@code OQSAGENT_READERS} is {@code
 * match=id@desk;match=id@desk}). Any bad value throws {@link ConfigException} naming the key, the
 * rule and where the value came from.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "OQSAGENT_";
  static final String AGENT_ID = "agent.id";
  static final String GATEWAY_URL = "gateway.url";
  static final String TOKEN_FILE = "gateway.token-file";
  static final String CA_FILE = "gateway.ca-file";
  static final String READERS = "readers";
  static final String DEFAULT_DESK = "readers.default-desk";
  static final String BUFFER_DIR = "buffer.dir";
  static final String MAX_EVENTS = "buffer.max-events";
  static final String PIN_PROMPT = "pin.prompt";
  static final String PIN_SCRIPT = "pin.script-file";
  static final Set<String> KEYS =
      Set.of(
          AGENT_ID,
          GATEWAY_URL,
          TOKEN_FILE,
          CA_FILE,
          READERS,
          DEFAULT_DESK,
          BUFFER_DIR,
          MAX_EVENTS,
          PIN_PROMPT,
          PIN_SCRIPT);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Map<String, Object> values = new HashMap<>();
  private final Map<String, String> origins = new HashMap<>();

  private ConfigLoader() {}

  /**
   * @param file the YAML file, or null for none
   * @param env the process environment
   */
  public static AgentConfig load(Path file, Map<String, String> env) {
    ConfigLoader l = new ConfigLoader();
    if (file != null) {
      l.readYaml(file);
    }
    l.readEnv(env);
    return l.build();
  }

  private void readYaml(Path file) {
    Object root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (IOException e) {
      throw new ConfigException("file", file.toString(), "cannot read: " + e.getMessage());
    } catch (YAMLException e) {
      throw new ConfigException("file", file.toString(), "not valid YAML");
    }
    if (root == null) {
      return;
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException("file", file.toString(), "must be a map of keys to values");
    }
    map.forEach(
        (k, v) -> {
          String key = String.valueOf(k);
          if (!KEYS.contains(key)) {
            throw new ConfigException(key, file.toString(), "unknown key");
          }
          values.put(key, v);
          origins.put(key, file.toString());
        });
  }

  private void readEnv(Map<String, String> env) {
    for (String key : KEYS) {
      String name = ENV_PREFIX + key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
      String v = env.get(name);
      if (v != null) {
        values.put(key, key.equals(READERS) ? parseReadersEnv(v, name) : v);
        origins.put(key, "environment " + name);
      }
    }
  }

  private static List<Map<String, Object>> parseReadersEnv(String v, String origin) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (String entry : v.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      int at = entry.lastIndexOf('@');
      if (eq < 1 || at < eq) {
        throw new ConfigException(READERS, origin, "entries are match=id@desk, separated by ;");
      }
      list.add(
          Map.of(
              "match", entry.substring(0, eq),
              "id", entry.substring(eq + 1, at),
              "desk", entry.substring(at + 1)));
    }
    return list;
  }

  private AgentConfig build() {
    String agentId = string(AGENT_ID, null);
    if (agentId == null) {
      throw new ConfigException(AGENT_ID, null, "required (the subject of the agent's token)");
    }
    requireId(AGENT_ID, agentId);
    Optional<URI> url = Optional.ofNullable(string(GATEWAY_URL, null)).map(this::gatewayUrl);
    int max = integer(MAX_EVENTS, Journal.DEFAULT_MAX_EVENTS, 1, 1_000_000);
    String prompt = string(PIN_PROMPT, "console");
    AgentConfig.PinPromptKind kind =
        switch (prompt) {
          case "console" -> AgentConfig.PinPromptKind.CONSOLE;
          case "script" -> AgentConfig.PinPromptKind.SCRIPT;
          default ->
              throw new ConfigException(PIN_PROMPT, origins.get(PIN_PROMPT), "console or script");
        };
    Optional<Path> script = Optional.ofNullable(string(PIN_SCRIPT, null)).map(Path::of);
    if (kind == AgentConfig.PinPromptKind.SCRIPT && script.isEmpty()) {
      throw new ConfigException(PIN_SCRIPT, null, "required when pin.prompt is script");
    }
    return new AgentConfig(
        agentId,
        url,
        Optional.ofNullable(string(TOKEN_FILE, null)).map(Path::of),
        Optional.ofNullable(string(CA_FILE, null)).map(Path::of),
        new ReaderMapping(rules(), string(DEFAULT_DESK, "unassigned")),
        Path.of(string(BUFFER_DIR, "var/agent-buffer")),
        max,
        kind,
        script);
  }

  private URI gatewayUrl(String s) {
    try {
      URI u = new URI(s);
      if (!"wss".equals(u.getScheme()) || u.getHost() == null) {
        throw new ConfigException(GATEWAY_URL, origins.get(GATEWAY_URL), "must be a wss:// URL");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new ConfigException(GATEWAY_URL, origins.get(GATEWAY_URL), "must be a wss:// URL");
    }
  }

  private List<ReaderRule> rules() {
    Object v = values.get(READERS);
    if (v == null) {
      return List.of();
    }
    String origin = origins.get(READERS);
    if (!(v instanceof List<?> list)) {
      throw new ConfigException(READERS, origin, "must be a list of {match, id, desk}");
    }
    List<ReaderRule> rules = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m)
          || !(m.get("match") instanceof String match)
          || !(m.get("id") instanceof String id)
          || !(m.get("desk") instanceof String desk)
          || match.isBlank()
          || desk.isBlank()) {
        throw new ConfigException(READERS, origin, "each entry needs match, id and desk");
      }
      requireId(READERS + ".id", id);
      rules.add(new ReaderRule(match, id, desk));
    }
    return rules;
  }

  private void requireId(String key, String id) {
    if (!ID.matcher(id).matches()) {
      throw new ConfigException(
          key, origins.get(key), "letters, digits, '.', '_' or '-', at most 64, got '" + id + "'");
    }
  }

  private String string(String key, String def) {
    Object v = values.get(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Map || v instanceof List) {
      throw new ConfigException(key, origins.get(key), "must be a single value");
    }
    String s = String.valueOf(v).strip();
    return s.isEmpty() ? def : s;
  }

  private int integer(String key, int def, int min, int max) {
    String s = string(key, null);
    if (s == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(s);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(key, origins.get(key), "an integer from " + min + " to " + max);
  }
}

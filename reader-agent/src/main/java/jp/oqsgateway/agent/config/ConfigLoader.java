package jp.oqsgateway.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import jp.oqsgateway.agent.journal.Journal;
import jp.oqsgateway.settings.Catalog;
import jp.oqsgateway.settings.ConfigException;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Setting;

/**
 * The reader agent's keys, and {@link AgentConfig} read from them with the settings module the
 * gateway uses too: defaults, then a YAML file ({@code readers} a list of {@code {match, id,
 * desk}}), then environment variables {@code OQSAGENT_<KEY>} ({@code agent.id} → {@code
 * OQSAGENT_AGENT_ID}; {@code OQSAGENT_READERS} is {@code match=id@desk;match=id@desk}), then
 * overrides. Any bad value throws {@link ConfigException} naming the key, the rule and where the
 * value came from. docs/READER-AGENT.md lists the keys; a test keeps it in step.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "OQSAGENT_";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  static final Setting<String> AGENT_ID =
      new Setting<>(
          "agent.id",
          "",
          "The agent's name: the subject of its token.",
          raw -> raw.isBlank() ? "" : id(raw.strip()));
  static final Setting<Optional<URI>> GATEWAY_URL =
      new Setting<>(
          "gateway.url",
          "",
          "wss://<gateway>:8443/agent/eventbus/websocket; needed by run, not by watch.",
          optional(ConfigLoader::gatewayUrl));
  static final Setting<Optional<Path>> TOKEN_FILE =
      new Setting<>(
          "gateway.token-file", "", "The file holding the agent's token.", optional(Path::of));
  static final Setting<Optional<Path>> CA_FILE =
      new Setting<>(
          "gateway.ca-file",
          "",
          "PEM of the CA the gateway's agent certificate chains to.",
          optional(Path::of));
  static final Setting<List<ReaderRule>> READERS =
      new Setting<>(
          "readers",
          "",
          "Rules {match, id, desk}: which desk each reader stands at.",
          ConfigLoader::readersFromText,
          ConfigLoader::readersFromList);
  static final Setting<String> DEFAULT_DESK =
      new Setting<>(
          "readers.default-desk",
          "unassigned",
          "The desk of readers no rule matches.",
          orDefault("unassigned", Function.identity()));
  static final Setting<Path> BUFFER_DIR =
      new Setting<>(
          "buffer.dir",
          "var/agent-buffer",
          "Where the journal lives.",
          orDefault("var/agent-buffer", Path::of));
  static final Setting<Integer> MAX_EVENTS =
      new Setting<>(
          "buffer.max-events",
          String.valueOf(Journal.DEFAULT_MAX_EVENTS),
          "The journal's bound.",
          orDefault(String.valueOf(Journal.DEFAULT_MAX_EVENTS), ConfigLoader::maxEvents));
  static final Setting<AgentConfig.PinPromptKind> PIN_PROMPT =
      new Setting<>(
          "pin.prompt",
          "console",
          "Where the PIN is asked: console, or script (tests and the demo only).",
          orDefault("console", ConfigLoader::pinPrompt));
  static final Setting<Optional<Path>> PIN_SCRIPT =
      new Setting<>(
          "pin.script-file", "", "The PINs for pin.prompt script, one a line.", optional(Path::of));

  /** Every key of the agent, in documentation order. */
  public static final Catalog CATALOG =
      new Catalog(
          ENV_PREFIX,
          "docs/READER-AGENT.md",
          Catalog.ErrorFormat.CONFIGURATION_KEY_ORIGIN_RULE,
          List.of(
              AGENT_ID,
              GATEWAY_URL,
              TOKEN_FILE,
              CA_FILE,
              READERS,
              DEFAULT_DESK,
              BUFFER_DIR,
              MAX_EVENTS,
              PIN_PROMPT,
              PIN_SCRIPT));

  private ConfigLoader() {}

  /**
   * @param file the YAML file, or null for none
   * @param env the process environment
   */
  public static AgentConfig load(Path file, Map<String, String> env) {
    return load(file, env, Map.of());
  }

  /**
   * @param file the YAML file, or null for none
   * @param env the process environment
   * @param overrides key → value from the command line, highest priority
   */
  public static AgentConfig load(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    ConfigSource src = CATALOG.load(file, env, overrides);
    String agentId = src.get(AGENT_ID);
    if (agentId.isEmpty()) {
      throw CATALOG.error(AGENT_ID.key(), null, "required (the subject of the agent's token)");
    }
    Optional<URI> url = src.get(GATEWAY_URL);
    int max = src.get(MAX_EVENTS);
    AgentConfig.PinPromptKind kind = src.get(PIN_PROMPT);
    Optional<Path> script = src.get(PIN_SCRIPT);
    if (kind == AgentConfig.PinPromptKind.SCRIPT && script.isEmpty()) {
      throw CATALOG.error(PIN_SCRIPT.key(), null, "required when pin.prompt is script");
    }
    return new AgentConfig(
        agentId,
        url,
        src.get(TOKEN_FILE),
        src.get(CA_FILE),
        new ReaderMapping(src.get(READERS), src.get(DEFAULT_DESK)),
        src.get(BUFFER_DIR),
        max,
        kind,
        script);
  }

  private static <T> Function<String, Optional<T>> optional(Function<String, T> parser) {
    return raw -> raw.isBlank() ? Optional.empty() : Optional.of(parser.apply(raw.strip()));
  }

  private static <T> Function<String, T> orDefault(String def, Function<String, T> parser) {
    return raw -> parser.apply(raw.isBlank() ? def : raw.strip());
  }

  private static String id(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "letters, digits, '.', '_' or '-', at most 64, got '" + id + "'");
    }
    return id;
  }

  private static URI gatewayUrl(String s) {
    try {
      URI u = new URI(s);
      if ("wss".equals(u.getScheme()) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException("must be a wss:// URL");
  }

  private static int maxEvents(String s) {
    try {
      int n = Integer.parseInt(s);
      if (n >= 1 && n <= 1_000_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("an integer from 1 to 1000000");
  }

  private static AgentConfig.PinPromptKind pinPrompt(String s) {
    return switch (s) {
      case "console" -> AgentConfig.PinPromptKind.CONSOLE;
      case "script" -> AgentConfig.PinPromptKind.SCRIPT;
      default -> throw new IllegalArgumentException("console or script");
    };
  }

  /** {@code match=id@desk} entries separated by {@code ;} (the environment's form). */
  private static List<ReaderRule> readersFromText(String v) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (String entry : v.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      int at = entry.lastIndexOf('@');
      if (eq < 1 || at < eq) {
        throw new IllegalArgumentException("entries are match=id@desk, separated by ;");
      }
      list.add(
          Map.of(
              "match", entry.substring(0, eq),
              "id", entry.substring(eq + 1, at),
              "desk", entry.substring(at + 1)));
    }
    return readersFromList(list);
  }

  /** A list of {@code {match, id, desk}} mappings (the file's form). */
  private static List<ReaderRule> readersFromList(List<?> list) {
    List<ReaderRule> rules = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m)
          || !(m.get("match") instanceof String match)
          || !(m.get("id") instanceof String id)
          || !(m.get("desk") instanceof String desk)
          || match.isBlank()
          || desk.isBlank()) {
        throw new IllegalArgumentException("each entry needs match, id and desk");
      }
      if (!ID.matcher(id).matches()) {
        throw CATALOG.error(
            READERS.key() + ".id",
            null,
            "letters, digits, '.', '_' or '-', at most 64, got '" + id + "'");
      }
      rules.add(new ReaderRule(match, id, desk));
    }
    return rules;
  }
}

package jp.oqsgateway.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
  static final Setting<Integer> SIZE =
      new Setting<>("cache.max-size", "10", "Entries kept.", Parsers.integer(1, 100));
  static final Setting<List<String>> NAMES =
      new Setting<>(
          "names",
          "",
          "Names, comma-separated in the environment, a list in the file.",
          Parsers::commaSeparated,
          list -> list.stream().map(String::valueOf).toList());
  static final Catalog TOOL =
      new Catalog(
          "TOOL_",
          "docs/TOOL.md",
          Catalog.ErrorFormat.CONFIGURATION_KEY_ORIGIN_RULE,
          List.of(SIZE, NAMES));

  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("tool.yaml"), text);
  }

  @Test
  void overridesBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws IOException {
    Path f = yaml("cache:\n  max-size: 20\n");
    assertThat(TOOL.load(null, Map.of(), Map.of()).get(SIZE)).isEqualTo(10);
    assertThat(TOOL.load(f, Map.of(), Map.of()).get(SIZE)).isEqualTo(20);
    ConfigSource env = TOOL.load(f, Map.of("TOOL_CACHE_MAX_SIZE", "30"), Map.of());
    assertThat(env.get(SIZE)).isEqualTo(30);
    assertThat(env.origin(SIZE)).isEqualTo("environment TOOL_CACHE_MAX_SIZE");
    ConfigSource override =
        TOOL.load(f, Map.of("TOOL_CACHE_MAX_SIZE", "30"), Map.of("cache.max-size", "40"));
    assertThat(override.get(SIZE)).isEqualTo(40);
    assertThat(override.origin(SIZE)).isEqualTo("override");
  }

  @Test
  void aListInTheFileIsReadOnlyForAKeyThatTakesOne() throws IOException {
    assertThat(TOOL.load(yaml("names: [a, b]\n"), Map.of(), Map.of()).get(NAMES))
        .containsExactly("a", "b");
    assertThat(TOOL.load(null, Map.of("TOOL_NAMES", "a, b"), Map.of()).get(NAMES))
        .containsExactly("a", "b");
    Path list = yaml("cache.max-size: [1, 2]\n");
    assertThatThrownBy(() -> TOOL.load(list, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration cache.max-size (" + list + "): lists are not supported here");
  }

  @Test
  void anErrorNamesTheKeyWhereTheValueCameFromAndTheRuleInTheProgramsWords() {
    ConfigSource src = TOOL.load(null, Map.of("TOOL_CACHE_MAX_SIZE", "500"), Map.of());
    assertThatThrownBy(() -> src.get(SIZE))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "configuration cache.max-size (environment TOOL_CACHE_MAX_SIZE): must be between 1 and"
                + " 100, got 500");
    assertThatThrownBy(() -> TOOL.load(null, Map.of(), Map.of("cache.size", "5")))
        .hasMessage("configuration cache.size (override): unknown key (see docs/TOOL.md)");
  }
}

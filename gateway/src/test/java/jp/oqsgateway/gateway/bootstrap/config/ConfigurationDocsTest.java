package jp.oqsgateway.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.oqsgateway.settings.Setting;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md is the operators' reference: it must list every key with its default. */
class ConfigurationDocsTest {
  @Test
  void everyKeyIsDocumentedWithItsDefaultAndEnvironmentVariable() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "CONFIGURATION.md"));
    for (Setting<?> s : Settings.ALL) {
      String row =
          "| `"
              + s.key()
              + "` | `"
              + Settings.CATALOG.environmentVariable(s)
              + "` | `"
              + s.defaultValue()
              + "` |";
      assertThat(docs).as("row for %s", s.key()).contains(row);
    }
  }
}

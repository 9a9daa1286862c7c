package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A migration applied to a clinic's database must never change, not even a comment: Flyway checks
 * every applied migration's checksum at start and refuses to start otherwise, so an edited file
 * stops every upgraded gateway. The list of shipped migrations and their SHA-256 is kept beside
 * this test; a new migration adds its line when it ships.
 */
class ShippedMigrationsAreNeverEditedTest {

  @Test
  void everyShippedMigrationIsByteForByteAsItShipped() throws Exception {
    Map<String, String> changed = new LinkedHashMap<>();
    shipped()
        .forEach(
            (file, sha256) -> {
              String now = sha256OfResource("db/migration/" + file);
              if (!sha256.equals(now)) {
                changed.put(file, now == null ? "missing" : "edited");
              }
            });
    assertThat(changed)
        .as("shipped migrations must stay as they shipped; write a new migration instead")
        .isEmpty();
  }

  @Test
  void theListNamesEveryVersionedMigrationOnTheClasspathUpToTheNewestShipped() throws Exception {
    Map<String, String> shipped = shipped();
    assertThat(shipped).isNotEmpty();
    int newest =
        shipped.keySet().stream()
            .mapToInt(f -> Integer.parseInt(f.substring(1, f.indexOf("__"))))
            .max()
            .orElseThrow();
    for (int v = 1; v <= newest; v++) {
      String prefix = "V" + v + "__";
      assertThat(shipped.keySet()).as("version " + v).anyMatch(f -> f.startsWith(prefix));
    }
  }

  private static Map<String, String> shipped() throws IOException {
    Map<String, String> shipped = new LinkedHashMap<>();
    try (InputStream in = resource("db/shipped-migrations.sha256")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split("\\s+");
        shipped.put(parts[1], parts[0]);
      }
    }
    return shipped;
  }

  private static String sha256OfResource(String name) {
    try (InputStream in = resource(name)) {
      if (in == null) {
        return null;
      }
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream resource(String name) {
    return ShippedMigrationsAreNeverEditedTest.class.getClassLoader().getResourceAsStream(name);
  }
}

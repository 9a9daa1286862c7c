package jp.oqsgateway.gateway.bootstrap;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.backup.KeyLocation;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.pg.DataRoot;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPgOptions;

/**
 * Where, by this gateway's configuration, the things a backup carries live: the keys folder ({@code
 * auth.keys-dir}: token signing keys, the gateway CA and its server keys, and by default the
 * webhook key and the desks' codes), the files of those configured outside it, and the embedded
 * database's data root.
 */
final class BackupPlaces {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private BackupPlaces() {}

  static List<KeyLocation> keys(GatewayConfig config) {
    Path keysDir = config.auth().keysDir();
    List<KeyLocation> keys = new ArrayList<>();
    keys.add(new KeyLocation("keys-dir", keysDir, true));
    addOutside(keys, keysDir, "webhook-secret-key", config.relay().rules().secretKeyFile());
    addOutside(keys, keysDir, "desk-codes", config.reception().deskCodesFile());
    config.auth().hs256SecretFile().ifPresent(f -> addOutside(keys, keysDir, "hs256-secret", f));
    return keys;
  }

  private static void addOutside(List<KeyLocation> keys, Path keysDir, String name, Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!absolute.startsWith(keysDir.toAbsolutePath().normalize())) {
      keys.add(new KeyLocation(name, absolute, false));
    }
  }

  static EmbeddedPgOptions embedded(DatabaseConfig database) {
    EmbeddedDatabaseConfig e = database.embedded();
    return new EmbeddedPgOptions(
        DataRoot.choose(e.dir(), e.dirIsDefault(), e.osUser()),
        e.osUser(),
        0,
        e.durable(),
        e.startTimeout());
  }

  /** The places that already hold something a restore would replace. */
  static List<Path> occupied(List<KeyLocation> keys, Optional<Path> dataRoot) throws IOException {
    List<Path> occupied = new ArrayList<>();
    if (dataRoot.isPresent() && holdsSomething(dataRoot.get())) {
      occupied.add(dataRoot.get());
    }
    for (KeyLocation key : keys) {
      if (holdsSomething(key.path())) {
        occupied.add(key.path());
      }
    }
    return occupied;
  }

  private static boolean holdsSomething(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return Files.exists(p);
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
      return s.iterator().hasNext();
    }
  }

  /** Deletes what {@code dir} holds, keeping the folder itself. */
  static void empty(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }

  /** Renames {@code place} to {@code place.before-restore-TIME}; returns the new name. */
  static Path moveAside(Path place) throws IOException {
    Path aside =
        place.resolveSibling(
            place.getFileName() + ".before-restore-" + STAMP.format(Instant.now()));
    return Files.move(place, aside);
  }
}

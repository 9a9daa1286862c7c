package jp.oqsgateway.gateway.backup;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * What a backup holds, inside its {@link BackupFile}: a zip whose first entry, {@code
 * manifest.json}, says what follows (the schema version, the tables in load order, the sequences,
 * the keys); then {@code db/N.copy}, each table's rows; then {@code keys/NAME/...}, the keys.
 */
public final class BackupArchive {
  private static final String MANIFEST = "manifest.json";

  private BackupArchive() {}

  /** What a backup or a restore did, for the operator's summary line. */
  public record Summary(String schemaVersion, int tables, long rows, int keyFiles) {}

  /** Where a restore puts the database: called once the file has proved intact. */
  @FunctionalInterface
  public interface DatabaseTarget {
    /**
     * An empty database migrated to {@code schemaVersion}, as the role that owns the schema.
     *
     * @throws BackupException when it cannot be made so
     */
    Connection prepare(String schemaVersion) throws SQLException;
  }

  /**
   * Writes a backup of the database {@code owner} reaches and of {@code keys} to {@code target}.
   */
  public static Summary write(
      Path target,
      Optional<char[]> passphrase,
      Connection owner,
      List<KeyLocation> keys,
      String gatewayVersion)
      throws IOException, SQLException {
    try (BackupFile.Sink file = BackupFile.create(target, passphrase);
        ZipOutputStream zip = new ZipOutputStream(keepOpen(file), StandardCharsets.UTF_8)) {
      DatabaseDump.Plan plan = DatabaseDump.begin(owner);
      JsonArray keyNames = new JsonArray();
      keys.stream().filter(k -> Files.exists(k.path())).forEach(k -> keyNames.add(k.name()));
      JsonObject manifest =
          new JsonObject()
              .put("created", Instant.now().toString())
              .put("gatewayVersion", gatewayVersion)
              .put("database", plan.toJson())
              .put("keys", keyNames);
      zip.putNextEntry(new ZipEntry(MANIFEST));
      zip.write(manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      long rows = 0;
      for (int i = 0; i < plan.tables().size(); i++) {
        zip.putNextEntry(new ZipEntry("db/" + i + ".copy"));
        rows += DatabaseDump.copyOut(owner, plan.tables().get(i), keepOpen(zip));
        zip.closeEntry();
      }
      DatabaseDump.end(owner);
      int keyFiles = 0;
      for (KeyLocation key : keys) {
        keyFiles += addKey(zip, key);
      }
      zip.finish();
      file.commit();
      return new Summary(plan.schemaVersion(), plan.tables().size(), rows, keyFiles);
    }
  }

  /**
   * Restores {@code file}: checks it whole first (checksum, passphrase), then loads the rows into
   * the database {@code target} prepares, in one transaction, then puts the keys in place. The keys
   * are written beside their places first and moved in only after the database committed.
   */
  public static Summary read(
      Path file, Optional<char[]> passphrase, DatabaseTarget target, List<KeyLocation> keys)
      throws IOException, SQLException {
    Map<String, KeyLocation> byName = new LinkedHashMap<>();
    keys.forEach(k -> byName.put(k.name(), k));
    try (InputStream payload = BackupFile.open(file, passphrase);
        ZipInputStream zip = new ZipInputStream(payload, StandardCharsets.UTF_8);
        KeyStaging staging = new KeyStaging()) {
      ZipEntry entry = zip.getNextEntry();
      if (entry == null || !MANIFEST.equals(entry.getName())) {
        throw new BackupException(file + " holds no manifest: it was not written by oqsgw backup");
      }
      JsonObject manifest = new JsonObject(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      DatabaseDump.Plan plan = DatabaseDump.Plan.fromJson(manifest.getJsonObject("database"));
      Connection owner = target.prepare(plan.schemaVersion());
      List<String> foreignKeys = DatabaseDump.beginLoad(owner, plan);
      long rows = 0;
      int loaded = 0;
      while ((entry = zip.getNextEntry()) != null && entry.getName().startsWith("db/")) {
        int index = Integer.parseInt(entry.getName().substring(3, entry.getName().indexOf('.')));
        rows += DatabaseDump.copyIn(owner, plan.tables().get(index), keepOpen(zip));
        loaded++;
      }
      if (loaded != plan.tables().size()) {
        throw new BackupException(
            file + " holds " + loaded + " of the " + plan.tables().size() + " tables it lists");
      }
      int keyFiles = 0;
      for (; entry != null; entry = zip.getNextEntry()) {
        if (!entry.isDirectory()) {
          staging.add(entry.getName(), zip, byName);
          keyFiles++;
        }
      }
      DatabaseDump.finishLoad(owner, plan, foreignKeys);
      staging.moveIntoPlace();
      return new Summary(plan.schemaVersion(), plan.tables().size(), rows, keyFiles);
    }
  }

  private static int addKey(ZipOutputStream zip, KeyLocation key) throws IOException {
    if (!Files.exists(key.path())) {
      return 0;
    }
    if (!key.directory()) {
      zip.putNextEntry(new ZipEntry("keys/" + key.name()));
      Files.copy(key.path(), zip);
      zip.closeEntry();
      return 1;
    }
    int count = 0;
    try (Stream<Path> tree = Files.walk(key.path())) {
      for (Path p : tree.filter(Files::isRegularFile).sorted().toList()) {
        String relative = key.path().relativize(p).toString();
        zip.putNextEntry(new ZipEntry("keys/" + key.name() + "/" + relative));
        Files.copy(p, zip);
        zip.closeEntry();
        count++;
      }
    }
    return count;
  }

  /** Lets a copy stream write or read one zip entry without closing the zip. */
  private static OutputStream keepOpen(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  private static InputStream keepOpen(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {
        // the zip goes on to its next entry
      }
    };
  }
}

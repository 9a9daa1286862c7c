package jp.oqsgateway.gateway.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Whether the schema history already holds every migration this build ships, each with the checksum
 * of its script as shipped, and nothing else: then a start has nothing to migrate and nothing for
 * Flyway to validate, and {@link Migrations} skips Flyway (whose classes, classpath scan and
 * validation cost a warm start about 0.4 s) and runs only its after-migrate callback. Anything
 * else, a missing history, a failed or unknown row, another checksum, a script it cannot list, goes
 * to Flyway as before, which migrates, or refuses an edited script with its own message.
 *
 * <p>The checksum is Flyway's (11.x {@code ChecksumCalculator}): CRC32 over the script's lines in
 * UTF-8, without line breaks, a byte-order mark removed. {@code MigrationsInForceTest} compares it
 * with what Flyway records, so a Flyway that computes it otherwise shows there, not as a slower
 * start.
 */
final class MigrationsInForce {
  static final String LOCATION = "db/migration";

  /** The scripts' names, written by the build ({@link MigrationListWriter}). */
  static final String LIST = "db/migration-scripts.txt";

  private static final String CALLBACK = "afterMigrate__audit_tables_append_only.sql";
  private static final String HISTORY =
      "select version, script, checksum, success from flyway_schema_history"
          + " order by installed_rank";

  private static final String UNDEFINED_TABLE = "42P01";

  private static volatile Optional<List<Script>> shipped;

  private MigrationsInForce() {}

  /** A versioned migration: Flyway's version text, the script's name, its checksum. */
  record Script(String version, String script, int checksum) {}

  /**
   * The newest version when the schema history on {@code c} holds exactly the shipped migrations,
   * after running the after-migrate callback as Flyway would; empty when Flyway must run.
   */
  static Optional<String> confirm(Connection c, String appRole) throws SQLException {
    Optional<List<Script>> shipped = shipped();
    if (shipped.isEmpty() || shipped.get().isEmpty() || !holds(c, shipped.get())) {
      return Optional.empty();
    }
    Optional<String> callback = callback(appRole);
    if (callback.isEmpty()) {
      return Optional.empty();
    }
    try (Statement s = c.createStatement()) {
      s.execute(callback.get());
    }
    return Optional.of(shipped.get().get(shipped.get().size() - 1).version());
  }

  private static boolean holds(Connection c, List<Script> shipped) throws SQLException {
    List<Script> applied = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(HISTORY);
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        if (!rs.getBoolean(4) || rs.getString(1) == null || rs.getObject(3) == null) {
          return false;
        }
        applied.add(new Script(rs.getString(1), rs.getString(2), rs.getInt(3)));
      }
    } catch (SQLException e) {
      if (UNDEFINED_TABLE.equals(e.getSQLState())) {
        return false; // a new database: no history yet
      }
      throw e;
    }
    return applied.equals(shipped);
  }

  /**
   * The shipped versioned migrations in version order; empty when the folder cannot be listed. Read
   * once a process: the first call may come from a thread of its own while the server starts.
   */
  static Optional<List<Script>> shipped() {
    Optional<List<Script>> read = shipped;
    if (read == null) {
      synchronized (MigrationsInForce.class) {
        if (shipped == null) {
          shipped = readShipped();
        }
        read = shipped;
      }
    }
    return read;
  }

  private static Optional<List<Script>> readShipped() {
    List<String> names = new ArrayList<>();
    try {
      if (!list(names)) {
        return Optional.empty();
      }
      List<Script> scripts = new ArrayList<>();
      for (String name : names) {
        int cut = name.indexOf("__");
        if (name.startsWith("V") && cut > 1 && name.endsWith(".sql")) {
          String version = name.substring(1, cut).replace('_', '.');
          scripts.add(new Script(version, name, checksum(read(name))));
        }
      }
      scripts.sort(Comparator.comparing(Script::version, MigrationsInForce::compareVersions));
      return Optional.of(scripts);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Flyway's checksum of a script's text. */
  static int checksum(String text) {
    CRC32 crc = new CRC32();
    try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String plain = !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
        crc.update(plain.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return (int) crc.getValue();
  }

  /** The after-migrate callback with its one placeholder filled; empty if it holds another. */
  private static Optional<String> callback(String appRole) throws SQLException {
    try {
      String sql = read(CALLBACK).replace("${" + Migrations.APP_ROLE_PLACEHOLDER + "}", appRole);
      return sql.contains("${") ? Optional.empty() : Optional.of(sql);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String read(String name) throws IOException {
    try (InputStream in = loader().getResourceAsStream(LOCATION + "/" + name)) {
      if (in == null) {
        throw new IOException(name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Adds the names in the folder: from the build's list, else from the jar or from a directory;
   * false for anything else.
   */
  private static boolean list(List<String> names) throws IOException {
    try (InputStream in = loader().getResourceAsStream(LIST)) {
      if (in != null) {
        new String(in.readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .filter(name -> !name.isBlank())
            .forEach(names::add);
        return true;
      }
    }
    Enumeration<URL> found = loader().getResources(LOCATION);
    List<URL> urls = Collections.list(found);
    if (urls.size() != 1) {
      return false;
    }
    URL url = urls.get(0);
    if ("jar".equals(url.getProtocol())) {
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        String prefix = LOCATION + "/";
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          String entry = e.nextElement().getName();
          if (entry.startsWith(prefix) && entry.indexOf('/', prefix.length()) < 0) {
            names.add(entry.substring(prefix.length()));
          }
        }
      }
      return true;
    }
    if ("file".equals(url.getProtocol())) {
      try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
        files.filter(Files::isRegularFile).forEach(f -> names.add(f.getFileName().toString()));
      } catch (URISyntaxException e) {
        return false;
      }
      return true;
    }
    return false;
  }

  private static ClassLoader loader() {
    return MigrationsInForce.class.getClassLoader();
  }

  /** Flyway's order of versions: numerically, part by part. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      BigInteger p = i < x.length ? new BigInteger(x[i]) : BigInteger.ZERO;
      BigInteger q = i < y.length ? new BigInteger(y[i]) : BigInteger.ZERO;
      int c = p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}

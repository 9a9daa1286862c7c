package jp.oqsgateway.gateway.bootstrap.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.oqsgateway.gateway.testsupport.Os;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Runs the real server. Data roots live under /tmp, not under target/: when the build runs as root
 * the PostgreSQL account must be able to traverse every directory above the root.
 *
 * <p>Unpacking the binaries takes about two seconds, so it is done once for the class and most
 * tests get them as hard links; the first test below still exercises the real unpack.
 */
class EmbeddedPostgresTest {

  private static final String OS_USER = "oqsgw-pgtest";
  private static final String BINARIES = "pg-" + PgBinaries.VERSION;

  private static Path sharedBinariesRoot;

  private final List<EmbeddedPostgres> servers = new ArrayList<>();
  private Path root;

  @BeforeAll
  static void unpackBinariesOnce() throws IOException {
    sharedBinariesRoot = newPublicTempDir();
    PgBinaries.ensureUnpacked(sharedBinariesRoot);
  }

  @AfterAll
  static void deleteSharedBinaries() throws IOException {
    PgBinaries.deleteRecursively(sharedBinariesRoot);
  }

  @BeforeEach
  void createDataRoot() throws IOException {
    root = newPublicTempDir();
  }

  @AfterEach
  void stopServersAndDeleteDataRoot() throws IOException {
    try {
      for (EmbeddedPostgres server : servers) {
        server.close();
      }
    } finally {
      PgBinaries.deleteRecursively(root);
    }
  }

  @Test
  void startsARealServerThatAcceptsSqlOverJdbc() throws SQLException {
    EmbeddedPostgres pg = EmbeddedPostgres.start(options(root)); // unpacks the binaries itself
    servers.add(pg);

    assertThat(pg.initializedThisStart()).isTrue();
    assertThat(queryString(pg.endpoint(), "select version()")).contains("PostgreSQL 17");
    assertThat(pg.endpoint().jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
    assertThat(pg.endpoint().toString()).doesNotContain(pg.endpoint().password());
  }

  @Test
  void aPasswordFileLeftReadableByOthersIsNarrowedAtTheNextStart() throws IOException {
    EmbeddedPostgres first = start(root);
    Path password = first.secretFile("postgres");
    first.close();
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));

    start(root);

    assertThat(Files.getPosixFilePermissions(password))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void rolePasswordsAreKeptInFilesOnlyTheGatewayUserCanRead() throws IOException {
    EmbeddedPostgres pg = start(root);
    String app = pg.secret("oqsgw_app");

    assertThat(pg.secret("oqsgw_app")).as("generated once, then read back").isEqualTo(app);
    Path secrets = root.resolve("secrets");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
        .isEqualTo("rwx------");
    for (Path password : List.of(pg.secretFile("postgres"), pg.secretFile("oqsgw_app"))) {
      assertThat(password.getParent()).isEqualTo(secrets);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
          .isEqualTo("rw-------");
      assertThat(Files.getOwner(password).getName()).isEqualTo(System.getProperty("user.name"));
    }
    assertThat(Files.readString(pg.secretFile("postgres")).strip())
        .isEqualTo(pg.endpoint().password());
    try (var leftovers = Files.list(root)) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .as("temporary password copies for initdb are deleted")
          .noneMatch(name -> name.startsWith(".initdb-pw-"));
    }
  }

  @Test
  void secondStartReusesTheDataDirectoryAndTheBinariesWithoutRunningInitdb()
      throws SQLException, IOException {
    EmbeddedPostgres first = start(root);
    execute(first.endpoint(), "create table visit(id int primary key, note text)");
    execute(first.endpoint(), "insert into visit values (1, 'kept')");
    Object binariesKey = fileKey(root.resolve(BINARIES + "/bin/postgres"));
    first.close();

    EmbeddedPostgres second = start(root);

    assertThat(second.initializedThisStart()).isFalse();
    assertThat(queryString(second.endpoint(), "select note from visit where id = 1"))
        .isEqualTo("kept");
    assertThat(fileKey(root.resolve(BINARIES + "/bin/postgres")))
        .as("binaries are not unpacked again")
        .isEqualTo(binariesKey);
  }

  @Test
  @EnabledIf("runningAsRoot")
  void whenStartedAsRootThePostmasterRunsAsTheUnprivilegedUser() throws IOException {
    EmbeddedPostgres pg = start(root);

    String uidLine =
        Files.readAllLines(Path.of("/proc/" + pg.postmasterPid() + "/status")).stream()
            .filter(line -> line.startsWith("Uid:"))
            .findFirst()
            .orElseThrow();
    long expected = OsAccount.lookUp(OS_USER).uid();
    assertThat(uidLine.substring(4).trim().split("\\s+"))
        .as("real, effective, saved and filesystem uid")
        .containsOnly(Long.toString(expected));
  }

  @Test
  @EnabledIf("runningAsRoot")
  void whenStartedAsRootADataRootTheUnprivilegedUserCannotReachIsRefused() throws IOException {
    Path locked = Files.createDirectory(root.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));

    assertThatThrownBy(() -> start(locked.resolve("pg")))
        .isInstanceOf(EmbeddedPgException.class)
        .hasMessage(
            locked + " is not searchable by user " + OS_USER + "; choose another pg.embedded.dir");
  }

  @Test
  void aPostmasterOrphanedByAKilledGatewayIsStoppedOnTheNextStart() throws SQLException {
    EmbeddedPostgres crashed = start(root);
    long orphanPid = crashed.postmasterPid();
    crashed.abandonForTest();

    EmbeddedPostgres next = start(root);

    assertThat(queryString(next.endpoint(), "select 'up'")).isEqualTo("up");
    assertThat(next.postmasterPid()).isNotEqualTo(orphanPid);
    assertThat(Os.awaitGone(orphanPid, Duration.ofSeconds(10))).as("orphan pid gone").isTrue();
  }

  @Test
  void aSecondLauncherOnTheSameDirectoryIsRefusedWithAClearMessage() {
    start(root);

    assertThatThrownBy(() -> start(root))
        .isInstanceOf(EmbeddedPgException.class)
        .hasMessageContaining("in use")
        .hasMessageContaining(root.toString());
  }

  @Test
  void aServerThatCannotStartReportsTheEndOfItsLogAndUnlocksTheDataRoot() throws IOException {
    linkSharedBinariesInto(root);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      EmbeddedPgOptions clashing =
          new EmbeddedPgOptions(root, OS_USER, taken.getLocalPort(), false, Duration.ofSeconds(60));

      assertThatThrownBy(() -> EmbeddedPostgres.start(clashing))
          .isInstanceOf(EmbeddedPgException.class)
          .hasMessageContaining("PostgreSQL did not start on 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("could not bind IPv4 address");
    }

    assertThat(start(root).initializedThisStart()).isFalse();
  }

  @Test
  void theServersOwnLogStaysWithinItsBoundAfterFarMoreIsWritten() throws SQLException {
    linkSharedBinariesInto(root);
    PgLogs.Bound bound = new PgLogs.Bound(64 * 1024, 3, Duration.ofMillis(200));
    EmbeddedPostgres pg = EmbeddedPostgres.start(options(root), bound);
    servers.add(pg);
    Path logDir = root.resolve("log");

    // 2,000 messages of over 500 bytes: more than four times the 256 kB the bound allows.
    execute(
        pg.endpoint(),
        "do $$ begin for i in 1..2000 loop raise log 'filler %', repeat('x', 500); end loop; end $$");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              List<Path> files = PgLogs.collectorFiles(logDir);
              long total = 0;
              for (Path file : files) {
                total += Files.size(file);
              }
              assertThat(files).isNotEmpty().hasSizeLessThanOrEqualTo(bound.files());
              assertThat(total).isLessThanOrEqualTo(bound.totalBytes());
            });
  }

  @Test
  void passwordIsRequiredOverTcp() {
    EmbeddedPostgres pg = start(root);
    PgEndpoint endpoint = pg.endpoint();

    assertThatThrownBy(
            () -> DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), "wrong"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void anArchiveEntryOrLinkThatEscapesTheTargetIsRefused() throws IOException {
    Path target = Files.createDirectory(root.resolve("unpack"));

    assertThatThrownBy(() -> PgBinaries.extract(archive(file("../evil.txt")), target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("escapes");
    assertThatThrownBy(() -> PgBinaries.extract(archive(link("lib/up", "../../..")), target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("escapes");
    assertThat(root.resolve("evil.txt")).doesNotExist();
  }

  static boolean runningAsRoot() {
    return OsAccount.currentUid() == 0;
  }

  /** Starts a server on {@code dataRoot}, with the binaries linked in from the shared copy. */
  private EmbeddedPostgres start(Path dataRoot) {
    linkSharedBinariesInto(dataRoot);
    EmbeddedPostgres pg = EmbeddedPostgres.start(options(dataRoot));
    servers.add(pg);
    return pg;
  }

  private static EmbeddedPgOptions options(Path dataRoot) {
    return new EmbeddedPgOptions(dataRoot, OS_USER, 0, false, Duration.ofSeconds(60));
  }

  private static Path newPublicTempDir() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "oqsgw-pgtest-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  private static void linkSharedBinariesInto(Path dataRoot) {
    Path source = sharedBinariesRoot.resolve(BINARIES);
    Path target = dataRoot.resolve(BINARIES);
    if (Files.exists(target)) {
      return;
    }
    try (var tree = Files.walk(source)) {
      for (Path from : tree.toList()) {
        Path to = target.resolve(source.relativize(from).toString());
        if (Files.isSymbolicLink(from)) {
          Files.createSymbolicLink(to, Files.readSymbolicLink(from));
        } else if (Files.isDirectory(from)) {
          Files.createDirectories(to);
          Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } else {
          Files.createLink(to, from);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Connection connect(PgEndpoint endpoint) throws SQLException {
    return DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), endpoint.password());
  }

  private static void execute(PgEndpoint endpoint, String sql) throws SQLException {
    try (Connection connection = connect(endpoint);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String queryString(PgEndpoint endpoint, String sql) throws SQLException {
    try (Connection connection = connect(endpoint);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  private static TarArchiveEntry file(String name) {
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(4);
    return entry;
  }

  private static TarArchiveEntry link(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
    entry.setLinkName(target);
    return entry;
  }

  private static ByteArrayInputStream archive(TarArchiveEntry entry) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new XZCompressorOutputStream(bytes))) {
      tar.putArchiveEntry(entry);
      if (!entry.isSymbolicLink()) {
        tar.write("evil".getBytes(StandardCharsets.US_ASCII));
      }
      tar.closeArchiveEntry();
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }
}

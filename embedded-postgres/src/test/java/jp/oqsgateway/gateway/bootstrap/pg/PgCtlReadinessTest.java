package jp.oqsgateway.gateway.bootstrap.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start waits for the server's own status line in {@code postmaster.pid}, as pg_ctl does: a
 * server that runs, started by this start, and says it is ready. The real server's start is in
 * {@link EmbeddedPostgresTest}.
 */
class PgCtlReadinessTest {
  @TempDir Path root;

  private final long now = System.currentTimeMillis() / 1000;
  private final long running = ProcessHandle.current().pid();

  private PgCtl ctl() {
    return new PgCtl(
        root,
        root.resolve("bin"),
        root,
        List.of(),
        new EmbeddedPgOptions(root, "postgres", 0, false, Duration.ofSeconds(60)),
        PgLogs.Bound.DEFAULT);
  }

  private void pidFile(long pid, long started, String status) throws Exception {
    Files.write(
        root.resolve("postmaster.pid"),
        List.of(
            Long.toString(pid),
            root.toString(),
            Long.toString(started),
            "5432",
            "/run/pg",
            "127.0.0.1",
            "  1234567   98304",
            status));
  }

  @Test
  void aRunningServerStartedNowThatSaysReadyAcceptsConnections() throws Exception {
    pidFile(running, now, "ready   ");

    assertThat(ctl().acceptsConnections(now)).isTrue();
  }

  @Test
  void aServerStillStartingOrWithoutItsStatusLineDoesNot() throws Exception {
    assertThat(ctl().acceptsConnections(now)).isFalse();
    pidFile(running, now, "starting");
    assertThat(ctl().acceptsConnections(now)).isFalse();
    Files.write(root.resolve("postmaster.pid"), List.of(Long.toString(running), root.toString()));
    assertThat(ctl().acceptsConnections(now)).isFalse();
  }

  @Test
  void theFileOfAServerThatCrashedBeforeThisStartDoesNot() throws Exception {
    pidFile(running, now - 60, "ready   ");
    assertThat(ctl().acceptsConnections(now)).isFalse();

    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    pidFile(gone.pid(), now, "ready   ");
    assertThat(ctl().acceptsConnections(now)).isFalse();
  }
}

package jp.oqsgateway.vcard.pcscd;

import static jp.oqsgateway.vcard.pcscd.PcscdHost.answers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts pcsc-lite's {@code pcscd} for a virtual card, or reuses one that already serves.
 *
 * <p>The PC/SC client library (and so the JDK's {@code javax.smartcardio}) finds pcscd through the
 * socket named by the environment variable {@value #SOCKET_ENV}, or {@value #SYSTEM_SOCKET}. pcscd
 * itself ignores that variable: its socket and pid file are always under {@code /run/pcscd}, which
 * only root can create. So, depending on the socket this JVM's client uses ({@link
 * #clientSocket()}):
 *
 * <ol>
 *   <li>a pcscd already answers on it: {@link Mode#REUSED}, never stopped or restarted by us;
 *   <li>it is {@value #SYSTEM_SOCKET}: {@code pcscd --foreground} as a child ({@link
 *       Mode#STARTED}); needs root;
 *   <li>it is {@code <run>/pcscd/pcscd.comm} elsewhere and the system pcscd answers: a symbolic
 *       link to the system socket ({@link Mode#REUSED});
 *   <li>otherwise pcscd runs in a user and mount namespace ({@code unshare --user --map-root-user
 *       --mount}) that binds {@code <run>} over {@code /run}, so its socket appears at the client's
 *       path ({@link Mode#STARTED_IN_NAMESPACE}); works as a normal user where unprivileged user
 *       namespaces are allowed.
 * </ol>
 *
 * vpcd, loaded by pcscd from {@code /etc/reader.conf.d/vpcd}, listens on the fixed ports 35963 and
 * 35964 of all interfaces, so only one pcscd with vpcd can run on a machine. pcscd never gets
 * {@code --auto-exit} (it would quit after 60 s idle) nor {@code --apdu} (it would log PINs).
 *
 * <p>This class chooses the mode; {@link PcscdProcess} runs and waits for a pcscd we start, and
 * {@link PcscdHost} answers what the machine has.
 */
public final class Pcscd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Pcscd.class);

  public static final String SOCKET_ENV = "PCSCLITE_CSOCK_NAME";
  public static final String SYSTEM_SOCKET = "/run/pcscd/pcscd.comm";
  private static final int MAX_SOCKET_PATH = 107;

  /** How this pcscd came to be. */
  public enum Mode {
    /** Someone else's pcscd; {@link #stop()} leaves it running. */
    REUSED,
    /** Our child {@code pcscd --foreground}, as root with the system socket. */
    STARTED,
    /** Our child pcscd in a user and mount namespace with a private socket. */
    STARTED_IN_NAMESPACE
  }

  private final Mode mode;
  private final Path socket;
  private final Path workDir;
  private final PcscdProcess process; // null when reused

  private Pcscd(Mode mode, Path socket, Path workDir, Path pcscdBinary) {
    this.mode = mode;
    this.socket = socket;
    this.workDir = workDir;
    this.process =
        mode == Mode.REUSED ? null : new PcscdProcess(mode, socket, pcscdBinary, logFile());
  }

  /** The socket this JVM's PC/SC client connects to. */
  public static Path clientSocket() {
    String env = System.getenv(SOCKET_ENV);
    return Path.of(env == null || env.isBlank() ? SYSTEM_SOCKET : env).toAbsolutePath();
  }

  /**
   * A pcscd serving {@link #clientSocket()}, ready (its socket answers, vpcd listening) when this
   * returns.
   *
   * @param workDir where the log of a started pcscd goes ({@code pcscd.log})
   * @throws PcscdUnavailableException when none can be started or reused; the message says why
   */
  public static Pcscd start(Path workDir) throws PcscdUnavailableException {
    return start(workDir, clientSocket());
  }

  /**
   * A pcscd serving {@code socket}, for clients that will get it as {@value #SOCKET_ENV} (the
   * socket of this JVM's own client is {@link #clientSocket()}).
   */
  public static Pcscd start(Path workDir, Path socket) throws PcscdUnavailableException {
    socket = socket.toAbsolutePath();
    Path system = Path.of(SYSTEM_SOCKET);
    if (answers(socket)) {
      log.info("reusing the pcscd that serves {}", socket);
      return new Pcscd(Mode.REUSED, socket, workDir, null);
    }
    Path binary = PcscdHost.findPcscd();
    PcscdHost.requireVpcd();
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new PcscdUnavailableException("cannot create " + workDir + ": " + e.getMessage());
    }
    Pcscd p;
    if (socket.equals(system)) {
      if (!PcscdHost.isRoot()) {
        throw new PcscdUnavailableException(
            "pcscd keeps its socket in /run/pcscd, which only root can create; as a normal user set "
                + SOCKET_ENV
                + "=<dir>/pcscd/pcscd.comm so that a private pcscd runs in a user namespace");
      }
      p = new Pcscd(Mode.STARTED, socket, workDir, binary);
    } else {
      if (!socket.getFileName().toString().equals("pcscd.comm")
          || socket.getParent() == null
          || !socket.getParent().getFileName().toString().equals("pcscd")
          || socket.getParent().getParent() == null) {
        throw new PcscdUnavailableException(
            SOCKET_ENV
                + " must name <dir>/pcscd/pcscd.comm (pcscd's layout under /run), not "
                + socket);
      }
      if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
        throw new PcscdUnavailableException(
            SOCKET_ENV + " is longer than a Unix socket path may be (107 bytes): " + socket);
      }
      if (answers(system)) {
        PcscdHost.linkToSystemSocket(socket, system);
        log.info("reusing the system pcscd through a link at {}", socket);
        return new Pcscd(Mode.REUSED, socket, workDir, null);
      }
      p = new Pcscd(Mode.STARTED_IN_NAMESPACE, socket, workDir, binary);
    }
    p.process.launch();
    return p;
  }

  public Mode mode() {
    return mode;
  }

  /** The socket clients use. */
  public Path socket() {
    return socket;
  }

  /** The log of the pcscd we started (also for a reused one: where ours would have logged). */
  public Path logFile() {
    return workDir.resolve("pcscd.log");
  }

  /** Whether {@link #restart()} is possible: only for a pcscd we started. */
  public boolean canRestart() {
    return mode != Mode.REUSED;
  }

  /**
   * Kills our pcscd and starts it again, as a pcscd update or crash would; vpcd drops every card.
   * Note that the JDK's PC/SC provider of this JVM cannot reconnect afterwards (docs/PCSC.md §4).
   */
  public synchronized void restart() throws PcscdUnavailableException {
    if (!canRestart()) {
      throw new UnsupportedOperationException("a reused pcscd is not ours to restart");
    }
    stop();
    process.launch();
  }

  /** Stops our pcscd (a reused one keeps running; only our link to it goes). */
  public synchronized void stop() {
    if (mode == Mode.REUSED) {
      if (Files.isSymbolicLink(socket)) {
        PcscdHost.deleteQuietly(socket);
      }
      return;
    }
    process.stop();
  }

  @Override
  public void close() {
    stop();
  }
}

package jp.oqsgateway.vcard.pcscd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 */
public final class Pcscd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Pcscd.class);

  public static final String SOCKET_ENV = "PCSCLITE_CSOCK_NAME";
  public static final String SYSTEM_SOCKET = "/run/pcscd/pcscd.comm";
  static final int VPCD_PORT = 35963;
  static final String VPCD_READER_CONF = "/etc/reader.conf.d/vpcd";
  static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
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
  private final Path pcscdBinary;
  private Process process;
  private Thread shutdownHook;

  private Pcscd(Mode mode, Path socket, Path workDir, Path pcscdBinary) {
    this.mode = mode;
    this.socket = socket;
    this.workDir = workDir;
    this.pcscdBinary = pcscdBinary;
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
    Path binary = findPcscd();
    requireVpcd();
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new PcscdUnavailableException("cannot create " + workDir + ": " + e.getMessage());
    }
    Pcscd p;
    if (socket.equals(system)) {
      if (!isRoot()) {
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
        linkToSystemSocket(socket, system);
        log.info("reusing the system pcscd through a link at {}", socket);
        return new Pcscd(Mode.REUSED, socket, workDir, null);
      }
      p = new Pcscd(Mode.STARTED_IN_NAMESPACE, socket, workDir, binary);
    }
    p.launch();
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
    launch();
  }

  /** Stops our pcscd (a reused one keeps running; only our link to it goes). */
  public synchronized void stop() {
    if (mode == Mode.REUSED) {
      if (Files.isSymbolicLink(socket)) {
        deleteQuietly(socket);
      }
      return;
    }
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("pcscd did not stop within {}; killing it", STOP_TIMEOUT);
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down and runs the hook itself
      }
      shutdownHook = null;
    }
    log.info("pcscd stopped");
  }

  @Override
  public void close() {
    stop();
  }

  private void launch() throws PcscdUnavailableException {
    if (vpcdPortTaken()) {
      throw new PcscdUnavailableException(
          "vpcd's port "
              + VPCD_PORT
              + " is already in use (another pcscd with vpcd, or another test run?); "
              + "only one pcscd with vpcd can run on a machine");
    }
    List<String> command = new ArrayList<>();
    if (mode == Mode.STARTED_IN_NAMESPACE) {
      Path run = socket.getParent().getParent();
      try {
        Files.createDirectories(run);
        Path dir = socket.getParent();
        if (Files.isDirectory(dir)) {
          // leftovers of a killed pcscd: it refuses to start over a live-looking pid file
          deleteQuietly(dir.resolve("pcscd.comm"));
          deleteQuietly(dir.resolve("pcscd.pid"));
        } else {
          deleteQuietly(dir);
        }
      } catch (IOException e) {
        throw new PcscdUnavailableException("cannot prepare " + run + ": " + e.getMessage());
      }
      command.addAll(
          List.of(
              "unshare",
              "--user",
              "--map-root-user",
              "--mount",
              "sh",
              "-c",
              "mount --bind \"$1\" /run && shift && exec \"$@\"",
              "sh",
              run.toString()));
    }
    command.addAll(List.of(pcscdBinary.toString(), "--foreground", "--info"));
    Path logFile = logFile();
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.environment().remove(SOCKET_ENV);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new PcscdUnavailableException("cannot run " + command.get(0) + ": " + e.getMessage());
    }
    Process started = process;
    shutdownHook = new Thread(started::destroy, "pcscd-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!answers(socket)) {
      if (!started.isAlive()) {
        String tail = tail(logFile);
        stop();
        throw new PcscdUnavailableException(
            "pcscd ("
                + mode
                + ") exited with status "
                + started.exitValue()
                + " before it was ready; its log "
                + logFile
                + " ends with: "
                + tail);
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new PcscdUnavailableException(
            "pcscd was not ready within " + START_TIMEOUT + "; see " + logFile);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    log.info("pcscd ready ({}, pid {}), socket {}", mode, started.pid(), socket);
  }

  /** True when something accepts connections on that Unix socket. */
  static boolean answers(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return ch.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean vpcdPortTaken() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(VPCD_PORT));
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static void linkToSystemSocket(Path link, Path system) throws PcscdUnavailableException {
    try {
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, system);
    } catch (IOException e) {
      throw new PcscdUnavailableException(
          "cannot link " + link + " to the system pcscd: " + e.getMessage());
    }
  }

  private static Path findPcscd() throws PcscdUnavailableException {
    for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/sbin")) {
      Path p = Path.of(dir, "pcscd");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new PcscdUnavailableException(
        "pcscd is not installed (Debian: apt-get install pcscd vsmartcard-vpcd)");
  }

  private static void requireVpcd() throws PcscdUnavailableException {
    if (!Files.exists(Path.of(VPCD_READER_CONF))) {
      throw new PcscdUnavailableException(
          "the vpcd reader driver is not installed: no "
              + VPCD_READER_CONF
              + " (Debian: apt-get install vsmartcard-vpcd)");
    }
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.debug("cannot delete {}: {}", p, e.toString());
    }
  }
}

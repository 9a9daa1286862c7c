package jp.oqsgateway.vcard.pcscd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link Pcscd} needs to know about this machine: where pcscd is installed, whether vpcd is
 * installed and its port free, whether we are root, whether a pcscd answers on a socket; and the
 * few file operations on sockets it does.
 */
final class PcscdHost {
  private static final Logger log = LoggerFactory.getLogger(PcscdHost.class);

  static final int VPCD_PORT = 35963;
  static final String VPCD_READER_CONF = "/etc/reader.conf.d/vpcd";

  private PcscdHost() {}

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

  static boolean vpcdPortTaken() {
    return portTaken(VPCD_PORT);
  }

  /** Whether a listening socket cannot be bound to {@code port} on every interface now. */
  static boolean portTaken(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(port));
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Whether {@code port} (vpcd's) is free, or becomes free within {@code wait}. vpcd's can be taken
   * for a moment: by a pcscd that is still stopping, or by an outgoing connection of this machine,
   * whose local port Linux picks from a range (32768-60999 by default) that holds vpcd's.
   */
  static boolean portFreeWithin(int port, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (portTaken(port)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    return true;
  }

  static void linkToSystemSocket(Path link, Path system) throws PcscdUnavailableException {
    try {
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, system);
    } catch (IOException e) {
      throw new PcscdUnavailableException(
          "cannot link " + link + " to the system pcscd: " + e.getMessage());
    }
  }

  static Path findPcscd() throws PcscdUnavailableException {
    for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/sbin")) {
      Path p = Path.of(dir, "pcscd");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new PcscdUnavailableException(
        "pcscd is not installed (Debian: apt-get install pcscd vsmartcard-vpcd)");
  }

  static void requireVpcd() throws PcscdUnavailableException {
    if (!Files.exists(Path.of(VPCD_READER_CONF))) {
      throw new PcscdUnavailableException(
          "the vpcd reader driver is not installed: no "
              + VPCD_READER_CONF
              + " (Debian: apt-get install vsmartcard-vpcd)");
    }
  }

  static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.debug("cannot delete {}: {}", p, e.toString());
    }
  }
}

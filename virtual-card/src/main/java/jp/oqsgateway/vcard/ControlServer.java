package jp.oqsgateway.vcard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line-based control channel for one {@link VirtualCard}, on loopback only. Each command line
 * gets one line back: {@code insert}, {@code remove} and {@code status} answer the status as JSON
 * ({@link CardStatus#toJson()}); {@code card PATH} swaps the card material while the card is
 * removed and answers the status; a failure answers {@code {"error":"..."}}. Clients are served one
 * at a time.
 */
public final class ControlServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
  private static final int CLIENT_TIMEOUT_MS = 30_000;

  private final ServerSocket server;
  private final VirtualCard card;
  private final char[] p12Password;
  private final Thread thread;

  private ControlServer(ServerSocket server, VirtualCard card, char[] p12Password) {
    this.server = server;
    this.card = card;
    this.p12Password = p12Password.clone();
    this.thread = new Thread(this::acceptLoop, "vcard-control");
    this.thread.setDaemon(true);
  }

  /**
   * Listens on {@code bind} (a loopback address; port 0 picks a free one).
   *
   * @param p12Password for {@code card FILE.p12}
   */
  public static ControlServer start(InetSocketAddress bind, VirtualCard card, char[] p12Password)
      throws IOException {
    if (bind.getAddress() == null || !bind.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the control channel listens on loopback only");
    }
    ServerSocket server = new ServerSocket();
    server.bind(bind);
    ControlServer c = new ControlServer(server, card, p12Password);
    c.thread.start();
    return c;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try (Socket client = server.accept()) {
        client.setSoTimeout(CLIENT_TIMEOUT_MS);
        serve(client);
      } catch (SocketException e) {
        if (!server.isClosed()) {
          log.warn("control connection failed: {}", e.getMessage());
        }
      } catch (IOException e) {
        log.warn("control connection failed: {}", e.getMessage());
      }
    }
  }

  private void serve(Socket client) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8);
    String line;
    while ((line = in.readLine()) != null) {
      out.write(answer(line.strip()) + "\n");
      out.flush();
    }
  }

  /** The one-line answer to one command line. */
  String answer(String line) {
    String[] words = line.split("\\s+", 2);
    try {
      switch (words[0]) {
        case "insert" -> card.insert();
        case "remove" -> card.remove();
        case "status" -> {}
        case "card" -> {
          if (words.length < 2) {
            return error("usage: card DIR|FILE");
          }
          card.swap(CardMaterial.load(Path.of(words[1]), p12Password));
          log.info("card material swapped");
        }
        default -> {
          return error("unknown command; use insert, remove, status or card PATH");
        }
      }
      return card.status().toJson();
    } catch (IOException | RuntimeException e) {
      return error(e.getMessage());
    }
  }

  private static String error(String message) {
    String m =
        String.valueOf(message)
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replaceAll("[\\r\\n\\t]+", " "); // one answer, one line
    return "{\"error\":\"" + m + "\"}";
  }
}

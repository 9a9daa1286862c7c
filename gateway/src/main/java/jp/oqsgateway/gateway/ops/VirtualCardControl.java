package jp.oqsgateway.gateway.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import jp.oqsgateway.gateway.failure.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's virtual card, driven over its loopback control channel (one command line, one JSON
 * line back: {@code insert}, {@code remove}, {@code status}; docs/VIRTUAL-CARD.md). Each exchange
 * opens its own short connection on a worker thread, never on an event loop. The card's answer
 * holds its state only (inserted, powered, PIN tries left, counters): no card data.
 */
public final class VirtualCardControl {
  private static final Logger LOG = LoggerFactory.getLogger(VirtualCardControl.class);
  private static final int TIMEOUT_MILLIS = 3000;

  /** What may be asked of the card. */
  public enum Command {
    INSERT("insert"),
    REMOVE("remove"),
    STATUS("status");

    private final String line;

    Command(String line) {
      this.line = line;
    }
  }

  private final Vertx vertx;
  private final InetSocketAddress address;

  public VirtualCardControl(Vertx vertx, InetSocketAddress address) {
    this.vertx = vertx;
    this.address = address;
  }

  /**
   * The card's state after {@code command}; a {@link Rejection} (unavailable) when the control
   * channel cannot be reached or the card refuses the command.
   */
  public Future<JsonObject> send(Command command) {
    return vertx
        .executeBlocking(() -> exchange(command.line), false)
        .recover(
            e -> {
              LOG.atWarn()
                  .addKeyValue("command", command.line)
                  .addKeyValue("reason", e.getClass().getSimpleName())
                  .log("the virtual card's control channel did not answer");
              return Future.failedFuture(
                  Rejection.of(
                      Rejection.Kind.UNAVAILABLE,
                      "virtual-card-unavailable",
                      "Virtual card unavailable",
                      "the demo's virtual card did not answer on its control channel"
                          + " (demo.virtual-card-control); is ./ops/demo running its reader?"));
            })
        .compose(
            answer ->
                answer.containsKey("error")
                    ? Future.failedFuture(
                        Rejection.of(
                            Rejection.Kind.UNAVAILABLE,
                            "virtual-card-refused",
                            "Virtual card refused",
                            "the virtual card refused " + command.line + "; see its log"))
                    : Future.succeededFuture(answer));
  }

  private JsonObject exchange(String line) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
      out.write(line + "\n");
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String answer = in.readLine();
      if (answer == null) {
        throw new IOException("the control channel closed without an answer");
      }
      try {
        return new JsonObject(answer);
      } catch (DecodeException e) {
        throw new IOException("the control channel answered something else than JSON");
      }
    }
  }
}

package jp.oqsgateway.agentprotocol;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code reader.status}: a reader appeared ({@code ready}), disappeared ({@code absent}), or PC/SC
 * became unavailable ({@code unavailable}). {@code detail} is for staff and logs; it holds no card
 * data.
 */
public record ReaderStatus(EventHeader header, State state, String detail) implements AgentEvent {
  public static final String ADDRESS = AgentAddresses.READER_STATUS;

  /** The reader's state as the protocol names it. */
  public enum State {
    READY,
    ABSENT,
    UNAVAILABLE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ReaderStatus {
    Objects.requireNonNull(header);
    Objects.requireNonNull(state);
    detail = detail == null ? "" : detail;
  }

  @Override
  public String address() {
    return ADDRESS;
  }

  @Override
  public JsonObject toJson() {
    return header.toJson().put("state", state.wire()).put("detail", detail);
  }
}

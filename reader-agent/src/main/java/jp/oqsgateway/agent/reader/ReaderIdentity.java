package jp.oqsgateway.agent.reader;

import java.util.Objects;

/** The agent's name for a reader and the reception desk it belongs to. */
public record ReaderIdentity(String readerId, String deskId) {
  public ReaderIdentity {
    Objects.requireNonNull(readerId);
    Objects.requireNonNull(deskId);
  }
}

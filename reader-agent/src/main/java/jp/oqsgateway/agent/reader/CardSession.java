package jp.oqsgateway.agent.reader;

import java.util.UUID;
import jp.oqsgateway.agent.jpki.AuthCertificate;
import jp.oqsgateway.agent.pcsc.CardConnection;
import jp.oqsgateway.agent.pcsc.PcscContext;
import jp.oqsgateway.agent.pcsc.PcscException;

/**
 * The card now in a reader, from its {@code reader.card.inserted} event until its removal. Owned by
 * the reader's thread. The connection is kept while the card stays, and opened again when it was
 * lost; the card may have been powered off in between, so callers VERIFY again every time.
 */
final class CardSession {
  private final UUID insertedEventId;
  private final AuthCertificate certificate;
  private CardConnection connection;

  CardSession(UUID insertedEventId, CardConnection connection, AuthCertificate certificate) {
    this.insertedEventId = insertedEventId;
    this.connection = connection;
    this.certificate = certificate;
  }

  UUID insertedEventId() {
    return insertedEventId;
  }

  /** The user-authentication certificate; null unless the card is a readable My Number card. */
  AuthCertificate certificate() {
    return certificate;
  }

  CardConnection connection(PcscContext context, String reader) throws PcscException {
    if (connection == null) {
      connection = context.connect(reader);
    }
    return connection;
  }

  /** Drops the connection after a failure; the next use connects again. */
  void disconnect() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}

package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/**
 * What a face-reader result file means to the rest of the gateway, stored in the same transaction
 * that records the file as handled: both commit or neither does, so a crash in between delivers the
 * file again on the next scan, and the file's identity (folder, name, content) keeps a second
 * delivery from doing anything.
 */
@FunctionalInterface
public interface FaceResultHandler {
  /**
   * Stores what {@code doc} means, inside {@code tx}; a failure rolls the handled-record back, so
   * the file is delivered again. The returned action runs on the link's event loop once {@code tx}
   * committed and must not block. The document holds patient data.
   */
  Future<Runnable> handle(SqlConnection tx, ParsedDocument doc);
}

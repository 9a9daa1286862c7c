package jp.oqsgateway.gateway.http.reception;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.qualification.CheckListings.Position;

/** The opaque {@code cursor} of a check listing: where the previous page ended. */
final class Cursors {
  private Cursors() {}

  static String of(Position p) {
    String plain = p.requestedAt() + "|" + p.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * @throws Rejection 400 naming {@code cursor} when it is not one this gateway handed out
   */
  static Optional<Position> parse(Optional<String> cursor) {
    if (cursor.isEmpty()) {
      return Optional.empty();
    }
    try {
      String plain =
          new String(Base64.getUrlDecoder().decode(cursor.get()), StandardCharsets.US_ASCII);
      int bar = plain.indexOf('|');
      return Optional.of(
          new Position(
              Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1))));
    } catch (IllegalArgumentException | DateTimeParseException | IndexOutOfBoundsException e) {
      throw Rejection.invalid("cursor", "is not a cursor this listing handed out");
    }
  }
}

package jp.oqsgateway.gateway.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;

/**
 * The opaque {@code cursor} of a listing ordered by time then id: where the previous page ended.
 */
public final class Cursors {
  private Cursors() {}

  /** Where a page ended: the last row's time and id. */
  public record At(Instant time, UUID id) {}

  public static String of(Instant time, UUID id) {
    String plain = time + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * @throws Rejection 400 naming {@code cursor} when it is not one this gateway handed out
   */
  public static Optional<At> parse(Optional<String> cursor) {
    if (cursor.isEmpty()) {
      return Optional.empty();
    }
    try {
      String plain =
          new String(Base64.getUrlDecoder().decode(cursor.get()), StandardCharsets.US_ASCII);
      int bar = plain.indexOf('|');
      return Optional.of(
          new At(
              Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1))));
    } catch (IllegalArgumentException | DateTimeParseException | IndexOutOfBoundsException e) {
      throw Rejection.invalid("cursor", "is not a cursor this listing handed out");
    }
  }
}

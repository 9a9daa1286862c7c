package jp.oqsgateway.gateway.oqs.link;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/**
 * The parsed answers of the exchanges that ended last, so that the code reading an answer right
 * after its end (a nightly re-inquiry compares it with the previous one) does not read it from the
 * database and parse it again. Bounded: the oldest is forgotten first; whatever is not here is read
 * from the database as before. Thread-safe: filled on the link's context, read from any.
 */
final class RecentAnswers {
  /** About a night job's lanes several times over; each entry is one parsed result. */
  static final int CAPACITY = 128;

  private final Map<UUID, ParsedDocument> answers =
      new LinkedHashMap<>(CAPACITY * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, ParsedDocument> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized void put(UUID exchangeId, ParsedDocument answer) {
    answers.put(exchangeId, answer);
  }

  synchronized Optional<ParsedDocument> get(UUID exchangeId) {
    return Optional.ofNullable(answers.get(exchangeId));
  }
}

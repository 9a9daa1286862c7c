package jp.oqsgateway.gateway.patients;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import jp.oqsgateway.gateway.qualification.diff.TextKeys;

/**
 * The qualification a link holds, taken from a check's answer (the API shape of {@code
 * ResultOfQualificationConfirmation}): insurer number, 記号, 番号, 枝番 and birth date identify it; 照会番号
 * and kana are kept to match later card readings (OQS-PROTOCOL.md §4.2).
 */
public record LinkedQualification(
    String insurerNumber,
    Optional<String> symbol,
    String number,
    Optional<String> branch,
    LocalDate birthdate,
    Optional<String> referenceNumber,
    Optional<String> nameKana) {

  /**
   * The one qualification of an answer; empty when the answer holds none or several (複数該当 is a
   * person's decision, never the first one).
   */
  public static Optional<LinkedQualification> fromAnswer(JsonObject answer) {
    JsonArray results = answer.getJsonArray("results", new JsonArray());
    if (results.size() != 1 || !(results.getValue(0) instanceof JsonObject r)) {
      return Optional.empty();
    }
    String insurer = text(r, "insurerNumber").orElse(null);
    String number = text(r, "insuredIdentificationNumber").orElse(null);
    Optional<LocalDate> birth = text(r, "birthdate").flatMap(LinkedQualification::date);
    if (insurer == null || number == null || birth.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new LinkedQualification(
            insurer,
            text(r, "insuredCardSymbol"),
            number,
            text(r, "insuredBranchNumber"),
            birth.get(),
            text(r, "referenceNumber"),
            text(r, "nameKana")));
  }

  /** What "the same qualification" means: normalised numbers and the birth date. */
  public String key() {
    return String.join(
        "|",
        TextKeys.cardText(insurerNumber),
        symbol.map(TextKeys::cardText).orElse(""),
        TextKeys.cardNumber(number),
        branch.map(TextKeys::cardText).orElse(""),
        birthdate.toString());
  }

  /** The kana as a matching key, when the answer carried kana. */
  public Optional<String> kanaKey() {
    return nameKana.map(TextKeys::kana).filter(k -> !k.isEmpty());
  }

  private static Optional<String> text(JsonObject r, String field) {
    Object v = r.getValue(field);
    return v == null
        ? Optional.empty()
        : Optional.of(String.valueOf(v).strip()).filter(s -> !s.isEmpty());
  }

  private static Optional<LocalDate> date(String s) {
    try {
      return Optional.of(LocalDate.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

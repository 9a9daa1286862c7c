package jp.oqsgateway.gateway.patients;

import java.util.List;
import java.util.UUID;

/**
 * The chart patients a card reading may belong to (OQS-PROTOCOL.md §4.2).
 *
 * @param matchedBy {@code referenceNumber}, {@code kanaAndBirthdate}, or {@code none}
 * @param automatic true only when exactly one patient holds the reading's 照会番号: several candidates,
 *     or candidates by kana and birth date, are always a person's choice
 */
public record Candidates(
    UUID checkId, String matchedBy, boolean automatic, List<String> chartPatientIds) {
  public static final String BY_REFERENCE_NUMBER = "referenceNumber";
  public static final String BY_KANA_AND_BIRTHDATE = "kanaAndBirthdate";
  public static final String NONE = "none";

  public Candidates {
    chartPatientIds = List.copyOf(chartPatientIds);
  }
}

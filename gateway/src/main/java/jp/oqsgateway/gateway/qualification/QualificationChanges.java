package jp.oqsgateway.gateway.qualification;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fields that matter for billing which differ between two answers (API shape, see {@link
 * CheckResults}): validity, insurer and numbers, card and 本人/家族 classification, qualification and
 * expiry dates, copay ratios, 高齢受給者 and 限度額 certificates. Names only: the values are patient data
 * and never leave the check.
 */
public final class QualificationChanges {
  /** Fields of the first result compared one by one (coded values compare whole). */
  static final List<String> RESULT_FIELDS =
      List.of(
          "insurerNumber",
          "insuredCardSymbol",
          "insuredIdentificationNumber",
          "insuredBranchNumber",
          "insuredCardClassification",
          "personalFamilyClassification",
          "qualificationDate",
          "disqualificationDate",
          "insuredCardExpirationDate",
          "insuredPartialContributionRatio",
          "elderlyRecipientCertificateInfo",
          "limitApplicationCertificateRelatedInfo");

  private QualificationChanges() {}

  /** The names of the fields that differ, {@code qualificationValidity} and {@code results} … */
  public static List<String> between(JsonObject before, JsonObject after) {
    List<String> changed = new ArrayList<>();
    if (!Objects.equals(
        code(before.getValue("qualificationValidity")),
        code(after.getValue("qualificationValidity")))) {
      changed.add("qualificationValidity");
    }
    JsonArray a = before.getJsonArray("results", new JsonArray());
    JsonArray b = after.getJsonArray("results", new JsonArray());
    if (a.size() != b.size()) {
      changed.add("results");
    }
    JsonObject first = a.isEmpty() ? new JsonObject() : a.getJsonObject(0);
    JsonObject second = b.isEmpty() ? new JsonObject() : b.getJsonObject(0);
    for (String field : RESULT_FIELDS) {
      if (!Objects.equals(first.getValue(field), second.getValue(field))) {
        changed.add(field);
      }
    }
    return changed;
  }

  private static Object code(Object coded) {
    return coded instanceof JsonObject c ? c.getValue("code") : coded;
  }
}

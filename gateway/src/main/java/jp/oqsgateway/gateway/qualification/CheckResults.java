package jp.oqsgateway.gateway.qualification;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.json.NormalizedJson;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.message.FormatIssue;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/**
 * Turns how an OQS exchange ended into how a check ends: an answer in the API's shape (the OQS
 * elements in lowerCamelCase, coded values with their Japanese labels, ISO dates, ratios in
 * percent), or a failure with the reason that decides the HTTP status.
 */
final class CheckResults {
  sealed interface Verdict permits Answered, Failed {}

  record Answered(JsonObject result) implements Verdict {}

  record Failed(CheckFailure failure, String detail) implements Verdict {}

  private CheckResults() {}

  static Verdict of(ExchangeOutcome outcome) {
    return ExchangeFailures.of(outcome)
        .<Verdict>map(f -> new Failed(f.failure(), f.detail()))
        .orElseGet(() -> answered(outcome.result().orElseThrow()));
  }

  /** How a result document ends a check: answered, or failed when OQS reported an error. */
  static Verdict answered(ParsedDocument doc) {
    Optional<ExchangeFailures.Failure> refused = ExchangeFailures.refusedByOqs(doc);
    if (refused.isPresent()) {
      return new Failed(refused.get().failure(), refused.get().detail());
    }
    JsonObject msg =
        new JsonObject(NormalizedJson.of(doc)).getJsonObject("xmlMsg", new JsonObject());
    JsonObject head = msg.getJsonObject("messageHeader", new JsonObject());
    JsonObject body = msg.getJsonObject("messageBody", new JsonObject());
    JsonObject resultList = body.getJsonObject("resultList", new JsonObject());
    JsonArray issues = new JsonArray();
    for (FormatIssue issue : OqsCodec.inspect(doc)) {
      issues.add(new JsonObject().put("path", issue.path()).put("rule", issue.rule()));
    }
    JsonObject result =
        new JsonObject()
            .put("processedAt", head.getValue("processExecutionTime"))
            .put("referenceClassification", head.getValue("referenceClassification"))
            .put("processingResultStatus", body.getValue("processingResultStatus"))
            .put("processingResultCode", body.getValue("processingResultCode"))
            .put("processingResultMessage", body.getValue("processingResultMessage"))
            .put("qualificationValidity", body.getValue("qualificationValidity"))
            .put(
                "results",
                resultList.getJsonArray("resultOfQualificationConfirmation", new JsonArray()))
            .put("prescriptionIssueSelect", body.getValue("prescriptionIssueSelect"))
            .put("formatIssues", issues);
    result.getMap().values().removeIf(v -> v == null);
    return new Answered(result);
  }
}

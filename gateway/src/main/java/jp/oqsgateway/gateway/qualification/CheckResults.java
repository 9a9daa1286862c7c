package jp.oqsgateway.gateway.qualification;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.json.NormalizedJson;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.message.FormatIssue;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

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
    return switch (outcome.state()) {
      case ANSWERED ->
          outcome
              .result()
              .map(CheckResults::answered)
              .orElse(new Failed(CheckFailure.INVALID_RESULT, "the answer was not stored"));
      case FAILED ->
          new Failed(
              outcome.exchange().pickedUpAt().isEmpty()
                  ? CheckFailure.LINK_DOWN
                  : CheckFailure.OQS_ERROR,
              outcome.error().orElse("the terminal reported an error"));
      case TIMED_OUT ->
          new Failed(CheckFailure.TIMED_OUT, outcome.error().orElse("no answer in time"));
      case OUTCOME_UNKNOWN ->
          new Failed(
              CheckFailure.OUTCOME_UNKNOWN,
              outcome.error().orElse("picked up but not answered; retry is a person's decision"));
      default -> throw new IllegalArgumentException("not final: " + outcome.state());
    };
  }

  /** How a result document ends a check: answered, or failed when OQS reported an error. */
  static Verdict answered(ParsedDocument doc) {
    Optional<XmlElement> header = doc.root().child("MessageHeader");
    String segment = header.flatMap(h -> h.text("SegmentOfResult")).orElse("1");
    if (!segment.equals("1")) {
      String code = header.flatMap(h -> h.text("ErrorCode")).orElse("-");
      String message = header.flatMap(h -> h.text("ErrorMessage")).orElse("");
      return new Failed(
          CheckFailure.OQS_ERROR,
          "SegmentOfResult " + segment + ", ErrorCode " + code + " " + message);
    }
    JsonObject msg = NormalizedJson.of(doc).getJsonObject("xmlMsg", new JsonObject());
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

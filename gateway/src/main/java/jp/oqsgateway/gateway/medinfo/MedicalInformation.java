package jp.oqsgateway.gateway.medinfo;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.homevisit.InformationKind;

/**
 * Information retrieved from OQS for a patient, as stored.
 *
 * @param state {@code answered}, {@code refused} (OQS's ResultCode other than 1, its message in
 *     {@code oqsMessage}) or {@code failed} (the exchange did not end with an answer)
 * @param content the typed result (medications or health-check items) of an XML answer
 * @param pdf whether OQS answered with a PDF, kept and served as it came
 */
public record MedicalInformation(
    UUID id,
    String chartPatientId,
    InformationKind kind,
    Optional<UUID> relationshipId,
    String requestedBy,
    Instant requestedAt,
    String state,
    Optional<String> oqsMessage,
    Optional<JsonObject> content,
    boolean pdf) {

  /** The API's view (the PDF itself is read apart). */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id.toString())
            .put("chartPatientId", chartPatientId)
            .put("kind", kind.wire())
            .put("requestedBy", requestedBy)
            .put("requestedAt", requestedAt.toString())
            .put("state", state)
            .put("pdf", pdf)
            .put("medicalTreatmentFlag", relationshipId.isPresent() ? "2" : "1");
    relationshipId.ifPresent(r -> json.put("homeVisitRelationshipId", r.toString()));
    oqsMessage.ifPresent(m -> json.put("oqsMessage", m));
    content.ifPresent(c -> json.put("content", c));
    if (pdf) {
      json.put("pdfLocation", "/api/v1/medical-information/" + id + "/pdf");
    }
    return json;
  }
}

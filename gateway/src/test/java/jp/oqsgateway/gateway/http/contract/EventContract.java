package jp.oqsgateway.gateway.http.contract;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonObject;
import java.util.List;
import jp.oqsgateway.gateway.http.ApiVerticle;

/** An event body checked against its type's payload schema in the AsyncAPI document. */
final class EventContract {
  private EventContract() {}

  /** What in {@code event} ({@code Event.toJson()}) the document's schema for its type refuses. */
  static List<String> violations(JsonObject event) {
    JsonObject components =
        ContractYaml.json(ApiVerticle.EVENTS_CONTRACT).getJsonObject("components");
    String payload =
        components.getJsonObject("messages").stream()
            .map(e -> (JsonObject) e.getValue())
            .filter(m -> event.getString("type").equals(m.getString("name")))
            .map(m -> m.getJsonObject("payload").getString("$ref"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no message for " + event.getString("type")));
    // The document's own components, entered at the type's payload schema.
    JsonObject schema = new JsonObject().put("$ref", payload).put("components", components);
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(schema.encode(), InputFormat.JSON)
        .validate(event.encode(), InputFormat.JSON)
        .stream()
        .map(Error::toString)
        .toList();
  }
}

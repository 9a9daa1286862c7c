package jp.oqsgateway.gateway.http.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.homevisit.VisitAlert;
import jp.oqsgateway.gateway.http.ApiVerticle;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document of the events (WebSocket, Server-Sent Events, webhooks), validated against
 * the AsyncAPI Initiative's JSON Schema of AsyncAPI 3.0.0 (src/test/resources/asyncapi-spec), and
 * kept in step with {@link EventType}.
 */
class AsyncApiDocumentTest {
  private static Schema asyncApi300() throws Exception {
    try (InputStream in =
        AsyncApiDocumentTest.class
            .getClassLoader()
            .getResourceAsStream("asyncapi-spec/asyncapi-3.0.0.schema.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
          .getSchema(in, InputFormat.JSON);
    }
  }

  private static JsonObject document() {
    return ContractYaml.json(ApiVerticle.EVENTS_CONTRACT);
  }

  private static Set<String> eventTypes() {
    Set<String> names = new TreeSet<>();
    Arrays.stream(EventType.values()).forEach(t -> names.add(t.wireName()));
    return names;
  }

  @Test
  void theDocumentIsValidAsyncApi300() throws Exception {
    List<Error> errors = asyncApi300().validate(document().encode(), InputFormat.JSON);

    assertThat(errors).isEmpty();
  }

  @Test
  void theSchemaRefusesADocumentThatIsNotAsyncApi300() throws Exception {
    JsonObject broken = document();
    broken.getJsonObject("operations").getJsonObject("pushLive").put("action", "publish");
    broken.getJsonObject("channels").getJsonObject("webhooks").put("adress", "/hooks");

    assertThat(asyncApi300().validate(broken.encode(), InputFormat.JSON)).hasSizeGreaterThan(1);
  }

  @Test
  void anEventOffTheDocumentedWireFormatIsFound() {
    JsonObject answered =
        new JsonObject()
            .put("id", "0f6c2a9e-4d0b-4b8e-9d53-3c1f8f1e2a77")
            .put("type", "check.answered")
            .put("occurredAt", "2026-06-02T01:33:44.123456Z")
            .put(
                "data",
                new JsonObject()
                    .put("checkId", "5b0e9a44-7c1d-4d5e-8f6a-0c2b3d4e5f60")
                    .put("source", "card")
                    .put("state", "ANSWERED"));
    assertThat(EventContract.violations(answered)).isEmpty();

    answered.getJsonObject("data").put("source", "fax").remove("checkId");
    assertThat(EventContract.violations(answered)).hasSize(2);
    assertThat(EventContract.violations(answered.put("occurredAt", "yesterday"))).hasSize(3);
  }

  @Test
  void anAlertBeforeAVisitIsOnTheDocumentedWireFormat() {
    VisitAlert.Kind withdrawn = VisitAlert.Kind.CONSENT_WITHDRAWN;
    VisitAlert alert =
        new VisitAlert(
            "K-000123",
            LocalDate.of(2026, 10, 20),
            Optional.of(UUID.fromString("5b0e9a44-7c1d-4d5e-8f6a-0c2b3d4e5f60")),
            List.of(
                new VisitAlert.Item(
                    withdrawn, withdrawn.ja(), withdrawn.en(), Map.of("consent", "drug"))));
    JsonObject event =
        new JsonObject()
            .put("id", "0f6c2a9e-4d0b-4b8e-9d53-3c1f8f1e2a77")
            .put("type", "homevisit.alert")
            .put("occurredAt", "2026-10-19T13:00:00.000001Z")
            .put("data", alert.toEvent());

    assertThat(EventContract.violations(event)).isEmpty();
    event.getJsonObject("data").put("kind", "visit-alarm");
    assertThat(EventContract.violations(event)).isNotEmpty();
  }

  @Test
  void noKeyOfTheDocumentIsABooleanOrTheCutOffRestOfADescription() {
    assertThat(ContractYaml.misreadKeys(ContractYaml.tree(ApiVerticle.EVENTS_CONTRACT), ""))
        .isEmpty();
  }

  @Test
  void everyEventTypeHasAMessageOnTheStreamAndTheWebhooksAndNoOtherTypeIsDocumented() {
    JsonObject doc = document();
    Set<String> webhooks = new TreeSet<>(ContractYaml.messageNames(doc, "webhooks"));
    Set<String> stream = new TreeSet<>(ContractYaml.messageNames(doc, "liveStream"));
    stream.remove("gap");
    Set<String> named =
        new TreeSet<>(
            ContractYaml.strings(
                doc.getJsonObject("components")
                    .getJsonObject("schemas")
                    .getJsonObject("EventTypeName")
                    .getJsonArray("enum")));

    Set<String> types = eventTypes();
    assertThat(webhooks).isEqualTo(types);
    assertThat(stream).isEqualTo(webhooks);
    assertThat(named).isEqualTo(webhooks);
  }

  @Test
  void theOpenApiDocumentAcceptsEveryEventTypeForAWebhookSubscriptionAndNoOther() {
    JsonObject openApi = ContractYaml.json(ApiVerticle.CONTRACT);
    Set<String> subscribable =
        new TreeSet<>(
            ContractYaml.strings(
                openApi
                    .getJsonObject("components")
                    .getJsonObject("schemas")
                    .getJsonObject("EventType")
                    .getJsonArray("enum")));

    assertThat(subscribable).isEqualTo(eventTypes());
  }

  @Test
  void theWebSocketEventMessageCarriesOneSchemaPerDocumentedType() {
    JsonObject doc = document();
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    Set<String> carried = new TreeSet<>();
    doc.getJsonObject("components")
        .getJsonObject("messages")
        .getJsonObject("event")
        .getJsonObject("payload")
        .getJsonObject("properties")
        .getJsonObject("event")
        .getJsonArray("oneOf")
        .forEach(
            ref -> {
              String path = ((JsonObject) ref).getString("$ref");
              JsonObject schema = schemas.getJsonObject(path.substring(path.lastIndexOf('/') + 1));
              carried.add(
                  schema
                      .getJsonArray("allOf")
                      .getJsonObject(1)
                      .getJsonObject("properties")
                      .getJsonObject("type")
                      .getString("const"));
            });

    assertThat(carried)
        .isEqualTo(new TreeSet<>(ContractYaml.messageNames(doc, "webhooks")))
        .containsAll(eventTypes());
  }
}

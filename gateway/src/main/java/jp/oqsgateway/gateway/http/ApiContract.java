package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's OpenAPI document: the bytes we publish at {@code /openapi.yaml}, and the contract the
 * router validates requests against.
 *
 * <p>vertx-openapi 5.0.10 refuses a contract whose responses use {@code application/problem+json}
 * (eclipse-vertx/vertx-openapi#95; custom media types arrived in later releases, which the Maven
 * Central reachable here does not have). The router only validates requests, so for the router the
 * problem responses are presented as {@code application/json}; the published document keeps the
 * true media type. Request validation is unaffected. The same holds for the live feed's {@code
 * text/event-stream} (docs/LIVE.md), presented to the router as {@code text/plain}, and of a stored
 * {@code application/pdf} (docs/CHART-API.md), presented as {@code application/octet-stream}.
 *
 * <p>The published document names the server as {@code {scheme}://{host}:{port}} for generated
 * clients; vertx-openapi refuses server variables, and the router serves the paths at the root
 * whatever the host, so the router's copy has no {@code servers}.
 */
record ApiContract(Buffer document, OpenAPIContract contract) {
  static final String PROBLEM = "application/problem+json";
  static final String EVENT_STREAM = "text/event-stream";
  static final String PDF = "application/pdf";

  static Future<ApiContract> load(Vertx vertx, String path) {
    return vertx
        .fileSystem()
        .readFile(path)
        .compose(
            bytes ->
                OpenAPIContract.from(vertx, forRouter(bytes))
                    .map(contract -> new ApiContract(bytes, contract)));
  }

  @SuppressWarnings("unchecked")
  static JsonObject forRouter(Buffer yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object tree =
        new Yaml(new SafeConstructor(options)).load(yaml.toString(StandardCharsets.UTF_8));
    Map<String, Object> document = (Map<String, Object>) tree;
    document.remove("servers");
    String json = new JsonObject(document).encode();
    return new JsonObject(
        json.replace("\"" + PROBLEM + "\"", "\"application/json\"")
            .replace("\"" + EVENT_STREAM + "\"", "\"text/plain\"")
            .replace("\"" + PDF + "\"", "\"application/octet-stream\""));
  }
}

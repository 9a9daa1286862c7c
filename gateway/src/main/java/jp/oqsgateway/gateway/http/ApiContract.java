package jp.oqsgateway.gateway.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.impl.OpenAPIContractImpl;
import io.vertx.openapi.impl.OpenAPIFormatValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 *
 * <p>At start the document and the router's JSON copy the build made of it are read on a thread of
 * their own while the database starts ({@link #parseInBackground}), then resolved by vertx-openapi
 * as soon as Vert.x runs ({@link #resolve}), while the rest of the gateway is built; the API server
 * waits for it before it listens.
 */
public record ApiContract(Buffer document, OpenAPIContract contract, PreparedSchemas schemas) {
  static final String PROBLEM = "application/problem+json";
  static final String EVENT_STREAM = "text/event-stream";
  static final String PDF = "application/pdf";
  static final String ROUTER_COPY_SUFFIX = ".router.json";

  /** The base URI vertx-openapi resolves a contract's references against. */
  private static final String BASE_URI = "app://";

  /** The document as published, and the router's copy of it as JSON. */
  public record Parsed(Buffer document, JsonObject forRouter) {}

  /**
   * Reads the document at {@code path} on the classpath and parses it on a new thread (a daemon
   * named {@code oqsgw-contract}); returns at once.
   */
  public static CompletableFuture<Parsed> parseInBackground(String path) {
    return CompletableFuture.supplyAsync(
        () -> parse(path),
        task -> {
          Thread t = new Thread(task, "oqsgw-contract");
          t.setDaemon(true);
          t.start();
        });
  }

  private static Parsed parse(String path) {
    Buffer document =
        read(path)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the API contract " + path + " is not on the classpath"));
    // The build writes the router's copy beside the document (RouterCopyWriter); converted here
    // only when it is missing (a build that skipped that step).
    JsonObject forRouter =
        read(routerCopyOf(path)).map(JsonObject::new).orElseGet(() -> forRouter(document));
    return new Parsed(document, forRouter);
  }

  /** Where the build puts the router's copy of the document at {@code path}: JSON beside it. */
  static String routerCopyOf(String path) {
    return path.substring(0, path.lastIndexOf('.')) + ROUTER_COPY_SUFFIX;
  }

  private static Optional<Buffer> read(String path) {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? Optional.empty() : Optional.of(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the API contract " + path, e);
    }
  }

  /**
   * The parsed document validated as an OpenAPI contract once parsed: vertx-openapi's asynchronous
   * validation, on an event-loop context of its own (the caller goes on at once).
   */
  public static Future<ApiContract> validate(Vertx vertx, CompletableFuture<Parsed> parsed) {
    // From a thread outside Vert.x, a new event-loop context.
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(parsed, context)
        .compose(
            p ->
                OpenAPIContract.from(vertx, p.forRouter())
                    .compose(contract -> prepared(vertx, p.document(), contract)));
  }

  /**
   * The parsed document as the router's contract, its references resolved on an event-loop context
   * of its own (the caller goes on at once), not validated against the OpenAPI schema: the document
   * is part of the build, which validates it (vertx-openapi's own validation in {@code
   * ApiContractTest}, openapi-generator's when the chart vendor's client is generated), and
   * validating it again took each start about half a second of CPU. The steps are those of
   * vertx-openapi 5.0.10's {@code OpenAPIContract.from} without its {@code validateContract}, and
   * with a schema repository that holds the document alone: the library's also loads and resolves
   * the JSON Schema meta-schemas and the OpenAPI specification's own schemas, which only that
   * validation reads, some 40 MB of allocation at every start. {@code ApiContractTest} checks that
   * both make the same contract, and the request checks are compared with the library's for every
   * parameter of the document ({@code ParametersAreCheckedAsTheLibraryChecksThemTest}).
   */
  public static Future<ApiContract> resolve(Vertx vertx, CompletableFuture<Parsed> parsed) {
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(parsed, context)
        .compose(
            p -> {
              OpenAPIVersion version = OpenAPIVersion.fromContract(p.forRouter());
              SchemaRepository repository = documentOnlyRepository(version);
              return version
                  .resolve(vertx, repository, p.forRouter())
                  .compose(
                      resolved ->
                          prepared(
                              vertx,
                              p.document(),
                              new OpenAPIContractImpl(resolved, version, repository)));
            });
  }

  /**
   * With the validators of every request schema made (on a worker thread), so that the API server
   * builds its router without making them: they only need the contract, which is ready while the
   * database still starts.
   */
  private static Future<ApiContract> prepared(
      Vertx vertx, Buffer document, OpenAPIContract contract) {
    return vertx.executeBlocking(
        () ->
            new ApiContract(
                document,
                contract,
                PreparedSchemas.of(
                    contract.getSchemaRepository(), RequestValidation.schemasOf(contract))));
  }

  /** As {@code OpenAPIVersion.getRepository} sets one up, without the schemas it preloads. */
  private static SchemaRepository documentOnlyRepository(OpenAPIVersion version) {
    Draft draft =
        switch (version) {
          case V3_0 -> Draft.DRAFT4;
          case V3_1 -> Draft.DRAFT202012;
        };
    return SchemaRepository.create(
        new JsonSchemaOptions()
            .setDraft(draft)
            .setBaseUri(BASE_URI)
            .setOutputFormat(OutputFormat.Basic),
        new OpenAPIFormatValidator());
  }

  /** Reads, parses and validates the contract at {@code path} (tests). */
  static Future<ApiContract> load(Vertx vertx, String path) {
    return validate(vertx, parseInBackground(path));
  }

  /** As the gateway reads the contract at {@code path} at start (tests). */
  static Future<ApiContract> loadAsShipped(Vertx vertx, String path) {
    return resolve(vertx, parseInBackground(path));
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

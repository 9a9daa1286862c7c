package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.json.schema.JsonSchema;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request checked against its operation in the OpenAPI document, on the event loop, with
 * validators made at start.
 *
 * <p>vertx-openapi 5.0.10's {@code RequestValidator.validate} hands every request to a worker
 * thread ({@code executeBlocking}, ordered: one request at a time for the API's one context) and
 * makes a new JSON-schema validator, copying every schema of the contract, for each parameter and
 * body of every request; under a read load that was half of the gateway's CPU (docs/PERFORMANCE.md,
 * "Cached reads"). Here the library's own checks run, in the same order and with the same errors
 * ({@link RequestValidatorImpl#validateParameter}: style transformers and schema; {@link
 * RequestValidatorImpl#validateBody}: content type, syntax, schema), against a contract whose
 * schema repository hands out the validators made at start ({@link PreparedSchemas}), with one
 * shortcut for plain string values ({@link RequestChecks}).
 *
 * <p>Path, query and header parameters are short; they are checked on the event loop. A body longer
 * than {@link #BODY_BYTES_ON_EVENT_LOOP} is decoded and checked on a worker thread: a body up to
 * the size limit (1 MiB by default) would hold the event loop for milliseconds.
 */
final class RequestValidation {
  /** Bodies up to this many bytes are validated on the event loop. */
  static final int BODY_BYTES_ON_EVENT_LOOP = 16 * 1024;

  private final Vertx vertx;
  private final RequestChecks checks;

  private RequestValidation(Vertx vertx, RequestChecks checks) {
    this.vertx = vertx;
    this.checks = checks;
  }

  /**
   * Validation against {@code loaded}'s operations, with the validators of every parameter and
   * request body made when the contract was resolved ({@link ApiContract#schemas()}).
   */
  static RequestValidation prepare(Vertx vertx, ApiContract loaded) {
    return new RequestValidation(
        vertx,
        new RequestChecks(
            vertx, new ContractWithPreparedSchemas(loaded.contract(), loaded.schemas())));
  }

  /** Every schema a request of {@code contract} is validated against. */
  static List<JsonSchema> schemasOf(OpenAPIContract contract) {
    List<JsonSchema> schemas = new ArrayList<>();
    for (Operation op : contract.operations()) {
      for (Parameter param : op.getParameters()) {
        schemas.add(param.getSchema());
      }
      if (op.getRequestBody() != null) {
        for (MediaType type : op.getRequestBody().getContent().values()) {
          if (type.getSchema() != null) {
            schemas.add(type.getSchema());
          }
        }
      }
    }
    return schemas;
  }

  /**
   * The request's values as the document types them, or a failed future with the library's {@code
   * ValidatorException} (or whatever else it threw).
   */
  Future<ValidatedRequest> validate(ValidatableRequest request, Operation op) {
    if (bodyLength(request) > BODY_BYTES_ON_EVENT_LOOP) {
      return vertx.executeBlocking(() -> validateNow(request, op), false);
    }
    try {
      return Future.succeededFuture(validateNow(request, op));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** What {@code RequestValidatorImpl.validate(ValidatableRequest, String)} does on its worker. */
  private ValidatedRequest validateNow(ValidatableRequest request, Operation op) {
    Map<String, RequestParameter> cookies = new HashMap<>(request.getCookies().size());
    Map<String, RequestParameter> headers = new HashMap<>(request.getHeaders().size());
    Map<String, RequestParameter> path = new HashMap<>(request.getPathParameters().size());
    Map<String, RequestParameter> query = new HashMap<>(request.getQuery().size());
    for (Parameter param : op.getParameters()) {
      String name = param.getName();
      switch (param.getIn()) {
        case COOKIE ->
            cookies.put(name, checks.validateParameter(param, request.getCookies().get(name)));
        case HEADER ->
            headers.put(name, checks.validateParameter(param, request.getHeaders().get(name)));
        case PATH ->
            path.put(name, checks.validateParameter(param, request.getPathParameters().get(name)));
        case QUERY ->
            query.put(name, checks.validateParameter(param, request.getQuery().get(name)));
      }
    }
    RequestParameter body = checks.validateBody(op.getRequestBody(), request);
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  private static int bodyLength(ValidatableRequest request) {
    RequestParameter body = request.getBody();
    if (body == null) {
      return 0;
    }
    Buffer bytes = body.getBuffer(null);
    return bytes == null ? 0 : bytes.length();
  }
}

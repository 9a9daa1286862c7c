package jp.oqsgateway.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import jp.oqsgateway.gateway.http.auth.Role;

/**
 * The operations of the OpenAPI document as tests walk them, so that a table-driven test covers a
 * new operation the day it is written.
 */
final class DocumentedOperations {
  /** The contract as the router reads it ($refs kept, so {@link #resolve} follows them). */
  static final JsonObject DOCUMENT = load();

  private DocumentedOperations() {}

  /** One operation of the document, with what the tests need of it. */
  record Operation(String id, HttpMethod method, String path, JsonObject model, boolean isPublic) {
    Set<Role> roles() {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (Object name : model.getJsonArray("x-roles", new JsonArray())) {
        roles.add(Role.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
      }
      return roles;
    }

    /** The roles that must be refused: neither listed nor admin. */
    Set<Role> wrongRoles() {
      Set<Role> wrong = EnumSet.allOf(Role.class);
      wrong.removeAll(roles());
      wrong.remove(Role.ADMIN);
      return wrong;
    }

    List<JsonObject> pathParameters() {
      List<JsonObject> found = new ArrayList<>();
      for (Object p : model.getJsonArray("parameters", new JsonArray())) {
        JsonObject param = resolve((JsonObject) p);
        if ("path".equals(param.getString("in"))) {
          found.add(param);
        }
      }
      return found;
    }

    /** The path with each parameter replaced by {@code value(parameter)}. */
    String url(Function<JsonObject, String> value) {
      String url = path;
      for (JsonObject param : pathParameters()) {
        url = url.replace("{" + param.getString("name") + "}", value.apply(param));
      }
      return url;
    }

    /** The path with a value its schema accepts for each parameter. */
    String validUrl() {
      return url(DocumentedOperations::validValue);
    }

    boolean hasBody() {
      return model.containsKey("requestBody");
    }

    boolean requiresBody() {
      JsonObject body = model.getJsonObject("requestBody");
      return body != null && body.getBoolean("required", false);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  /** Every operation of the document. */
  static List<Operation> all() {
    List<Operation> operations = new ArrayList<>();
    JsonObject paths = DOCUMENT.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op && op.containsKey("operationId")) {
          JsonArray security = op.getJsonArray("security");
          operations.add(
              new Operation(
                  op.getString("operationId"),
                  HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)),
                  path,
                  op,
                  security != null && security.isEmpty()));
        }
      }
    }
    return operations;
  }

  /** The operations that need a token. */
  static List<Operation> guarded() {
    return all().stream().filter(op -> !op.isPublic()).toList();
  }

  /** A value the parameter's schema accepts. */
  static String validValue(JsonObject param) {
    JsonObject schema = param.getJsonObject("schema", new JsonObject());
    return "uuid".equals(schema.getString("format")) ? UUID.randomUUID().toString() : "P-0001";
  }

  static JsonObject resolve(JsonObject maybeRef) {
    String ref = maybeRef.getString("$ref");
    if (ref == null) {
      return maybeRef;
    }
    JsonObject target = DOCUMENT;
    for (String part : ref.substring(2).split("/")) {
      target = target.getJsonObject(part);
    }
    return target;
  }

  private static JsonObject load() {
    try {
      return ApiContract.forRouter(
          Buffer.buffer(
              Files.readAllBytes(Path.of("src/main/resources/openapi/oqs-gateway.yaml"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

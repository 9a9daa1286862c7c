package jp.oqsgateway.gateway.http;

import static io.vertx.openapi.validation.SchemaValidationException.createErrorFromOutputUnitType;

import io.vertx.core.Vertx;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;

/**
 * vertx-openapi 5.0.10's checks of one parameter or body, with one shortcut: a string parameter
 * whose value is {@linkplain #isPlain plain} is given to the schema as it is.
 *
 * <p>The library turns a parameter's raw value into JSON before the schema sees it. For a string
 * parameter ({@code ParameterTransformer.transformPrimitive}) a value of word characters only is
 * taken as it is; any other is tried as a JSON document ({@code Json.decodeValue}), and when that
 * fails, as the content of a JSON string. A chart patient id such as {@code P-0001} takes both
 * tries and the first one's exception (a stack trace each time): most of what a read's validation
 * still cost once its validators were made at start. A plain value cannot begin a JSON document (a
 * letter other than {@code t}, {@code f}, {@code n}, {@code N}, {@code I}: no literal, number,
 * string, array, object or comment, whatever the parser's features) and needs no escape inside a
 * JSON string, so the library's answer is the value itself, which this class gives without the
 * tries. Every other value, style and type goes through the library as before.
 */
final class RequestChecks extends RequestValidatorImpl {
  RequestChecks(Vertx vertx, OpenAPIContract contract) {
    super(vertx, contract);
  }

  @Override
  public RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
    if (value == null
        || !(value.get() instanceof String raw)
        || !takesStringsAsTheyAre(parameter)
        || !isPlain(raw)) {
      return super.validateParameter(parameter, value);
    }
    // As the library does after its transformation, which would have returned raw itself.
    OutputUnit result =
        contract.getSchemaRepository().validator(parameter.getSchema()).validate(raw);
    try {
      result.checkValidity();
      return new RequestParameterImpl(raw);
    } catch (JsonSchemaValidationException e) {
      throw createErrorFromOutputUnitType(parameter, result, e);
    }
  }

  /** Simple (path, header) and form (query) styles transform a primitive without a prefix. */
  private static boolean takesStringsAsTheyAre(Parameter parameter) {
    return parameter.getSchemaType() == SchemaType.STRING
        && (parameter.getStyle() == Style.SIMPLE || parameter.getStyle() == Style.FORM);
  }

  /**
   * Not empty, an ASCII letter other than {@code t f n N I} first, then only letters, digits and
   * {@code - . _ ~} (RFC 3986's unreserved characters).
   */
  static boolean isPlain(String raw) {
    if (raw.isEmpty()) {
      return false;
    }
    char first = raw.charAt(0);
    if (!isAsciiLetter(first) || "tfnNI".indexOf(first) >= 0) {
      return false;
    }
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}

package jp.oqsgateway.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;

/**
 * A request the router refused against the OpenAPI document, as a problem naming the field and the
 * rule ("insurerNumber: does not match pattern …"). The rejected value is never echoed: it may be
 * patient data.
 */
final class ValidationProblems {
  private static final java.util.regex.Pattern PARAMETER =
      java.util.regex.Pattern.compile("parameter ([A-Za-z0-9_-]+)");

  private ValidationProblems() {}

  static JsonObject of(ValidatorException e) {
    String field = null;
    String rule = e.getMessage();
    if (e instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      OutputUnit unit = deepest(schema.getOutputUnit());
      field = fieldOf(unit.getInstanceLocation());
      rule = unit.getError();
    }
    if (field == null) {
      // Parameter errors name the parameter only in the message ("... parameter checkId ...").
      java.util.regex.Matcher m = PARAMETER.matcher(String.valueOf(e.getMessage()));
      field = m.find() ? m.group(1) : null;
    }
    String detail = field == null ? rule : field + ": " + rule;
    return Problems.of(400, "invalid-request", "Invalid request", detail, field);
  }

  /** The most specific error: the first leaf of the output tree that names an instance location. */
  private static OutputUnit deepest(OutputUnit unit) {
    OutputUnit current = unit;
    while (current.getErrors() != null && !current.getErrors().isEmpty()) {
      current = current.getErrors().get(0);
    }
    return current.getInstanceLocation() == null ? unit : current;
  }

  /** {@code /insurerNumber} → {@code insurerNumber}; {@code /a/0/b} → {@code a[0].b}. */
  private static String fieldOf(String instanceLocation) {
    if (instanceLocation == null || instanceLocation.isEmpty() || instanceLocation.equals("#")) {
      return null;
    }
    String path =
        instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
    StringBuilder out = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.chars().allMatch(Character::isDigit)) {
        out.append('[').append(part).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(part);
      }
    }
    return out.length() == 0 ? null : out.toString();
  }
}

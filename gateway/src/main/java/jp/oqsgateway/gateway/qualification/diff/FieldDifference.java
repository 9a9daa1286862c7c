package jp.oqsgateway.gateway.qualification.diff;

import java.util.Objects;

/**
 * One field on which the chart and OQS disagree.
 *
 * @param field stable lowerCamelCase name (see {@link Fields})
 * @param chartValue the chart's value for display, empty string when the chart has none
 * @param oqsValue OQS's value for display, empty string when OQS has none
 * @param severity how much it matters
 * @param message what staff should know or do, in Japanese
 */
public record FieldDifference(
    String field, String chartValue, String oqsValue, Severity severity, String message) {

  public FieldDifference {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(chartValue, "chartValue");
    Objects.requireNonNull(oqsValue, "oqsValue");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }
}

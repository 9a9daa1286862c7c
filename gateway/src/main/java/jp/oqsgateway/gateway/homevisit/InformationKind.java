package jp.oqsgateway.gateway.homevisit;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of information a patient consents to separately (OQSCD036; OQS-PROTOCOL.md §2.4): each
 * has its own consent flag (OQSCD016) and 閲覧有効期限 ({@code …AvailableTime}) in a result.
 */
public enum InformationKind {
  DRUG("drug", "pharmacistsInfo", "薬剤情報"),
  CLINICAL("clinical", "diagnosisInfo", "診療情報"),
  HEALTH_CHECK("health-check", "specificHealthCheckupsInfo", "特定健診情報"),
  SURGERY("surgery", "operationInfo", "手術情報");

  private final String wire;
  private final String element;
  private final String label;

  InformationKind(String wire, String element, String label) {
    this.wire = wire;
    this.element = element;
    this.label = label;
  }

  /** The bounded name in the API, the database and metric labels. */
  public String wire() {
    return wire;
  }

  /** The head of its consent elements in a result, in the API's lowerCamelCase. */
  String element() {
    return element;
  }

  public String label() {
    return label;
  }

  public static Optional<InformationKind> fromWire(String wire) {
    return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
  }
}

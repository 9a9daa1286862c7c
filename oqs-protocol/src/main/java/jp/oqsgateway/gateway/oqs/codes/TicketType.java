package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD018 医療券・調剤券別 (OQS-PROTOCOL.md §3); element: TicketType. */
public enum TicketType implements OqsCode {
  MEDICAL_TICKET("01", "医療券"),
  DISPENSING_TICKET("02", "調剤券");

  private final String code;
  private final String label;

  TicketType(String code, String label) {
    this.code = code;
    this.label = label;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public OqsCodeTable table() {
    return OqsCodeTable.OQSCD018;
  }

  /** The value with that code, if the table has one. */
  public static Optional<TicketType> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}

package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD015 未就学区分 (OQS-PROTOCOL.md §3); element: PreschoolClassification.
 *
 * <p>One older source adds 2 就学中 [U]; it is left out and would be read as an unknown code.
 */
public enum PreschoolClassification implements OqsCode {
  PRESCHOOL("1", "未就学該当");

  private final String code;
  private final String label;

  PreschoolClassification(String code, String label) {
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
    return OqsCodeTable.OQSCD015;
  }

  /** The value with that code, if the table has one. */
  public static Optional<PreschoolClassification> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}

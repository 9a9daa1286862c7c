package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD044 連携システムID (PMH) (OQS-PROTOCOL.md §3); element: (no element known).
 *
 * <p>Codes are kept exactly as the source writes them (01, 2, 4, 8) [I: the source's zero-padding
 * is inconsistent].
 */
public enum LinkedSystem implements OqsCode {
  MEDICAL_EXPENSE_SUBSIDY("01", "医療費助成"),
  MATERNAL_CHILD_HEALTH("2", "母子保健"),
  VACCINATION("4", "予防接種"),
  LONG_TERM_CARE("8", "介護保険");

  private final String code;
  private final String label;

  LinkedSystem(String code, String label) {
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
    return OqsCodeTable.OQSCD044;
  }

  /** The value with that code, if the table has one. */
  public static Optional<LinkedSystem> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}

package jp.oqsgateway.gateway.oqs.codes;

import java.util.List;
import java.util.Optional;

/**
 * Every code table by id, so that generic consumers (normalized JSON, validator, UI) can label any
 * code. OQSCD042 needs the OQSCD041 factor to be labelled; {@link #lookup} therefore answers
 * nothing for it and {@link #lookupMethod} takes the factor.
 */
public final class CodeTables {
  private CodeTables() {}

  /** All values of a table, in table order. */
  public static List<OqsCode> values(OqsCodeTable table) {
    return List.of(table.type().getEnumConstants());
  }

  /**
   * The value with {@code code} in {@code table}; always empty for OQSCD042, whose codes are only
   * meaningful together with an OQSCD041 factor.
   */
  public static Optional<OqsCode> lookup(OqsCodeTable table, String code) {
    if (table == OqsCodeTable.OQSCD042) {
      return Optional.empty();
    }
    return Optional.ofNullable(code).flatMap(c -> OqsCode.find(table.type().getEnumConstants(), c));
  }

  /** The label of {@code code} in {@code table}, if known. */
  public static Optional<String> label(OqsCodeTable table, String code) {
    return lookup(table, code).map(OqsCode::label);
  }

  /** OQSCD042 looked up with its OQSCD041 factor code. */
  public static Optional<OqsCode> lookupMethod(String factorCode, String methodCode) {
    return AuthenticationMethod.of(factorCode, methodCode).map(OqsCode.class::cast);
  }
}

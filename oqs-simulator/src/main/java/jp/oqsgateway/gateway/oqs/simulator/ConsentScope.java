package jp.oqsgateway.gateway.oqs.simulator;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a patient agrees to share in マイナ在宅受付Web (OQS-PROTOCOL.md §2.4 consent elements, §4.4). */
public enum ConsentScope {
  /** 薬剤情報 — PharmacistsInfoConsFlg, requested with YZK. */
  DRUG("drug"),
  /** 特定健診情報 — SpecificHealthCheckupsInfoConsFlg, requested with TKK. */
  CHECKUP("checkup"),
  /** 診療情報 — DiagnosisInfoConsFlg. */
  DIAGNOSIS("diagnosis"),
  /** 手術情報 — OperationInfoConsFlg. */
  OPERATION("operation");

  private final String cliName;

  ConsentScope(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** Parses {@code drug,checkup,diagnosis,operation} (any subset, any order). */
  public static Set<ConsentScope> parseList(String list) {
    Set<ConsentScope> scopes = EnumSet.noneOf(ConsentScope.class);
    for (String part : list.split(",")) {
      String p = part.strip().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      ConsentScope found = null;
      for (ConsentScope s : values()) {
        if (s.cliName.equals(p)) {
          found = s;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException(
            "unknown consent scope '" + part + "' (use drug, checkup, diagnosis, operation)");
      }
      scopes.add(found);
    }
    return scopes;
  }
}

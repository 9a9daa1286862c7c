package jp.oqsgateway.gateway.qualification.diff;

import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateCategory;

/**
 * 高額療養費区分 as レセコン store it (Smartkarte's codes, OQS-PROTOCOL.md §3 "Mapping to 高額療養費区分"): the
 * number and its label. Several OQSCD012 values share one class (B04 一般 and B10 一般Ⅰ are both 0 一般);
 * the OQSCD012 code beside it in {@link LimitCategory} keeps them apart.
 */
public record HighCostCategory(int code, String label) {

  /** The class for an OQSCD012 value; every value of the table has one. */
  public static Optional<HighCostCategory> of(LimitCertificateCategory category) {
    return Optional.of(
        switch (category) {
          case A -> new HighCostCategory(26, "区ア");
          case I -> new HighCostCategory(27, "区イ");
          case U -> new HighCostCategory(28, "区ウ");
          case E -> new HighCostCategory(29, "区エ");
          case O, O_BOUNDARY -> new HighCostCategory(30, "区オ");
          case ACTIVE_LEVEL_III -> new HighCostCategory(26, "現役Ⅲ");
          case ACTIVE_LEVEL_II -> new HighCostCategory(27, "現役Ⅱ");
          case ACTIVE_LEVEL_I -> new HighCostCategory(28, "現役Ⅰ");
          case GENERAL, GENERAL_I -> new HighCostCategory(0, "一般");
          case LOW_INCOME_II -> new HighCostCategory(4, "低所Ⅱ");
          case LOW_INCOME_I, LOW_INCOME_I_ELDERLY_WELFARE, LOW_INCOME_I_BOUNDARY ->
              new HighCostCategory(5, "低所Ⅰ");
          case GENERAL_II -> new HighCostCategory(41, "一般Ⅱ");
        });
  }
}

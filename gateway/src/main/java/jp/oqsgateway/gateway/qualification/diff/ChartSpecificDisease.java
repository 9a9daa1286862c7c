package jp.oqsgateway.gateway.qualification.diff;

import java.util.Objects;

/**
 * A 特定疾病療養受療証 as the chart holds it.
 *
 * @param category OQSCD013 code ({@code 1} 人工透析を必要とする慢性腎不全, {@code 2}, {@code 3})
 * @param selfPay 自己負担限度額 (monthly, yen)
 */
public record ChartSpecificDisease(String category, int selfPay) {
  public ChartSpecificDisease {
    Objects.requireNonNull(category, "category");
  }
}

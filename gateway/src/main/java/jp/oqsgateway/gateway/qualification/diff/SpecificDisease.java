package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;
import java.util.Optional;

/**
 * 特定疾病療養受療証 as OQS returned it, ready to apply.
 *
 * @param category OQSCD013 code
 * @param label its label, empty when this build does not know the code
 * @param selfPay 自己負担限度額 (monthly, yen), empty when OQS gave none
 * @param validFrom 有効開始年月日, null when OQS gave none
 * @param validTo 有効終了年月日, null when OQS gave none
 */
public record SpecificDisease(
    String category,
    Optional<String> label,
    Optional<Integer> selfPay,
    LocalDate validFrom,
    LocalDate validTo) {}

package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;
import java.util.Optional;

/**
 * 限度額適用認定証 as OQS returned it, ready to apply.
 *
 * @param code OQSCD012 適用区分 ({@code B09})
 * @param label its label (一般Ⅱ); empty when this build does not know the code
 * @param certificateCode OQSCD011 認定証区分 ({@code 01}), when given
 * @param certificateLabel its label (限度額適用区分認定証), when known
 * @param highCost the レセコン 高額療養費区分, when the code is known
 * @param validFrom 有効開始年月日, null when OQS gave none
 * @param validTo 有効終了年月日, null when OQS gave none
 * @param longTermDate 長期入院該当年月日, null when none
 */
public record LimitCategory(
    String code,
    Optional<String> label,
    Optional<String> certificateCode,
    Optional<String> certificateLabel,
    Optional<HighCostCategory> highCost,
    LocalDate validFrom,
    LocalDate validTo,
    LocalDate longTermDate) {}

package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;

/**
 * 高齢受給者証 as OQS returned it, ready to apply.
 *
 * @param percent 一部負担金割合 in percent (20 or 30)
 * @param validFrom 有効開始年月日, null when OQS gave none
 * @param validTo 有効終了年月日, null when OQS gave none
 */
public record ElderlyRecipientRatio(int percent, LocalDate validFrom, LocalDate validTo) {}

/**
 * The difference between what a chart (電子カルテ/レセコン) holds about a patient's insurance and what OQS
 * returned, with the record as it should be after applying OQS.
 *
 * <p>Entry point: {@link jp.oqsgateway.gateway.qualification.diff.InsuranceDiff#compare}. Pure
 * functions over plain values: no I/O, no Vert.x, no logging (the inputs are patient data).
 *
 * <p>Principles, each taken from a complaint about today's clients (CLINICS/Dentis help pages):
 *
 * <ul>
 *   <li>Absent in OQS means unknown, never "expired" or "removed" (blank 有効終了日, 限度額 without
 *       consent, no 特定疾病 list).
 *   <li>Placeholders OQS uses for characters it cannot carry ({@link Placeholders}) match any one
 *       character and are never copied into the chart.
 *   <li>Differences in width, case or spacing are {@link Severity#COSMETIC}, never a reason to
 *       update.
 *   <li>限度額 and 特定疾病 arrive structured, ready to apply, instead of being re-typed.
 * </ul>
 */
package jp.oqsgateway.gateway.qualification.diff;

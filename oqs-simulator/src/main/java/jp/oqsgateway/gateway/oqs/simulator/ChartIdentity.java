package jp.oqsgateway.gateway.oqs.simulator;

import java.time.LocalDate;

/**
 * What a clinic's chart (レセコン/電子カルテ) would hold for the person: its own patient id, the name as
 * registered at the desk (the real character where OQS returns ●), full-width kana with a
 * full-width space, the chart's address (which may differ from the insurer's) and the insurance
 * numbers last copied from a card (for an insurer change: the old card).
 */
public record ChartIdentity(
    String patientId,
    String name,
    String nameKana,
    LocalDate birthDate,
    String address,
    String insurerNumber,
    String symbol,
    String number,
    String branch) {}

package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;

/**
 * The chart's previous insurance, to be closed because OQS shows a new one: its numbers as the
 * chart held them and its last valid day, the day before the new qualification starts.
 */
public record ClosedInsurance(
    String insurerNumber, String symbol, String number, String branch, LocalDate validTo) {}

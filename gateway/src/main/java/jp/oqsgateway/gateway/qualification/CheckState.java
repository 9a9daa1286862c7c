package jp.oqsgateway.gateway.qualification;

/**
 * Where a qualification check stands: requested → WAITING for OQS → ANSWERED | FAILED |
 * STALE_QUEUED. STALE_QUEUED (OQS unreachable: the last known answer, if any, was served marked
 * stale, with guidance for staff) ends in ANSWERED or FAILED once its automatic re-run ends.
 */
public enum CheckState {
  WAITING,
  ANSWERED,
  FAILED,
  STALE_QUEUED
}

package jp.oqsgateway.gateway.qualification;

/** Where a qualification check stands; WAITING ends in exactly one of the two others. */
public enum CheckState {
  WAITING,
  ANSWERED,
  FAILED
}

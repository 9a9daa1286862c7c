package jp.oqsgateway.gateway.qualification.diff;

/** How much a difference matters, most severe first. */
public enum Severity {
  /** Claims made with the chart as it is will be rejected (返戻): fix before billing. */
  BLOCKING,
  /** OQS knows something newer that should be applied to the chart. */
  UPDATE,
  /** Only width, case or spacing differ: nothing needs to change. */
  COSMETIC
}

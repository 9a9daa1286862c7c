package jp.oqsgateway.gateway.qualification.diff;

/** One group of comparison rules: adds differences and shapes the proposal. */
interface DiffRule {
  void apply(DiffContext ctx);
}

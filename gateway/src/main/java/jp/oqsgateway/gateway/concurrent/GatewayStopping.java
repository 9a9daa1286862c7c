package jp.oqsgateway.gateway.concurrent;

/**
 * Work refused because the gateway is stopping (a part it needs was already closed). Not a failure
 * of the work: whoever holds it leaves it as it stands, for the next start to take up — a check
 * stays unsent, a job item stays in flight.
 */
public final class GatewayStopping extends IllegalStateException {
  public GatewayStopping(String what) {
    super(what + " is stopped: the gateway is stopping");
  }
}

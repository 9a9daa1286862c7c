package jp.oqsgateway.gateway.oqs.link;

import java.util.UUID;

/**
 * {@link OqsLink#outcome} of an exchange that is still pending but not this link's: its request was
 * written into another {@code req/} folder, which another gateway on the same database may be
 * serving. That gateway ends it; this link never does.
 */
public final class ExchangeNotHandled extends IllegalStateException {
  private final UUID exchangeId;

  ExchangeNotHandled(UUID exchangeId) {
    super("exchange " + exchangeId + " is not handled by this link");
    this.exchangeId = exchangeId;
  }

  public UUID exchangeId() {
    return exchangeId;
  }
}

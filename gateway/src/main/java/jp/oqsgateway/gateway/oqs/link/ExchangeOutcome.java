package jp.oqsgateway.gateway.oqs.link;

import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/**
 * How an exchange ended. {@code result} is the parsed answer when the state is {@link
 * ExchangeState#ANSWERED} (the terminal's own errors, {@code SegmentOfResult=9}, are answers too:
 * the caller reads {@code ErrorCode}); {@code error} says why otherwise.
 */
public record ExchangeOutcome(Exchange exchange, Optional<ParsedDocument> result) {
  public UUID exchangeId() {
    return exchange.id();
  }

  public ExchangeState state() {
    return exchange.state();
  }

  public Optional<String> error() {
    return exchange.error();
  }
}

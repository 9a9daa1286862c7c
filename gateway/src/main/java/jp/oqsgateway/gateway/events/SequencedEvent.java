package jp.oqsgateway.gateway.events;

/**
 * An outbox event with its place in the live feed ({@code outbox_event.feed_seq}): numbered by the
 * relay after commit, so a higher number was committed (and fanned out) later. Never on the wire.
 */
public record SequencedEvent(long seq, Event event) {}

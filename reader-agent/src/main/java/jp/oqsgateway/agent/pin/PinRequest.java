package jp.oqsgateway.agent.pin;

/** What a PIN prompt shows: which reader and desk, and how many tries the card has left. */
public record PinRequest(String readerId, String deskId, int triesLeft) {}

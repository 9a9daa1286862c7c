package jp.oqsgateway.agent.pcsc;

import java.time.Duration;
import java.util.List;

/**
 * PC/SC as seen by one thread: a PC/SC context of its own (pcsc-lite serialises the calls of one
 * context, so a reader blocked in a wait would stall another reader sharing it). Not thread-safe.
 * After any {@link PcscException} the context may be dead: close it and open another.
 */
public interface PcscContext extends AutoCloseable {
  /** The names of the readers PC/SC knows now. */
  List<String> readers() throws PcscException;

  /**
   * Waits until a card is present in {@code reader} (or absent, when {@code present} is false). A
   * zero {@code timeout} only looks at the reader's state now.
   *
   * @return true when the reader is in that state, false when {@code timeout} passed first
   */
  boolean waitForCard(String reader, boolean present, Duration timeout) throws PcscException;

  /** Connects to the card in {@code reader} (shared, any protocol). */
  CardConnection connect(String reader) throws PcscException;

  /** Releases the context; never throws. */
  @Override
  void close();
}

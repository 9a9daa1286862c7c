package jp.oqsgateway.gateway.oqs.link;

import java.time.Duration;

/**
 * A terminal's link program as {@link TerminalContractTestBase} drives it: it works on its own on
 * the shared folders (takes requests out of req/, answers into res/) and can be told what goes
 * wrong with the next request of a kind. Implemented by the test-only {@link FakeTerminal} and by
 * the real {@code TerminalSimulator}; both answer for the simulator's fictitious persons.
 */
interface ContractTerminal extends AutoCloseable {

  /** What a terminal can do wrong to one request (OQS-PROTOCOL.md §1.5, §1.6). */
  enum Fault {
    /** Takes the request and never answers. */
    NO_ANSWER,
    /** Moves the request into res/ beside an {@code .err} text. */
    ERR,
    /** Answers, then writes the result file a second time. */
    DUPLICATE,
    /** Answers, and also writes a result for a request nobody sent. */
    UNKNOWN_RESULT,
    /** Answers with a truncated, unparseable result. */
    MALFORMED,
    /** Answers with a DOCTYPE declaring a billion-laughs entity tree and an external entity. */
    HOSTILE,
    /** Answers with a result of 2 MiB, above the contract's 1 MiB limit. */
    OVERSIZED
  }

  /** Starts taking requests (folders under the root given at construction). */
  void start();

  /** The next request of {@code kind} meets {@code fault}. */
  void inject(RequestKind kind, Fault fault);

  /** The next request of {@code kind} is answered only after {@code delay}. */
  void injectLatency(RequestKind kind, Duration delay);

  /** The next bulk download of {@code kind} is answered "still processing" {@code times} times. */
  void injectStillProcessing(RequestKind kind, int times);

  /** Down: requests stay in req/ until it is up again. */
  void setDown(boolean down);

  /** Files written into res/ so far (results, copies, {@code .err} texts, returned requests). */
  long filesWritten();

  /** A part of the text this terminal writes into {@code .err} files. */
  String errText();

  /** Stops; nothing more is taken or written. */
  @Override
  void close();
}

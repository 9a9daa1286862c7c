package jp.oqsgateway.gateway.oqs.link;

import java.nio.file.Path;

/** The terminal contract against the real {@code TerminalSimulator}. */
class SimulatorContractTest extends TerminalContractTestBase {
  @Override
  protected ContractTerminal terminal(Path root) {
    return new SimulatorTerminal(root);
  }
}

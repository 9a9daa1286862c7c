package jp.oqsgateway.gateway.oqs.link;

import java.nio.file.Path;

/** The terminal contract against the test-only, file-level {@link FakeTerminal}. */
class FakeTerminalContractTest extends TerminalContractTestBase {
  @Override
  protected ContractTerminal terminal(Path root) {
    return new FakeTerminal(root);
  }
}

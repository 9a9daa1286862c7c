package jp.oqsgateway.gateway.oqs.simulator;

import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that drive a fresh simulator on its own folders, started before and closed after each. */
abstract class SimulatorHarnessTestBase {
  @TempDir Path root;

  /** The simulator of the current test; a test may close it and put another in its place. */
  @AutoClose SimulatorHarness h;

  @BeforeEach
  void startSimulator() throws Exception {
    h = new SimulatorHarness(root);
  }
}

package jp.oqsgateway.gateway.bootstrap;

import java.util.Optional;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the built-in terminal simulator when {@code oqs.simulator.enabled} (the demo), so the
 * gateway has a 資格確認端末 to talk to on a machine without one. This is the only production-path
 * reference to the simulator package, and it does nothing unless enabled.
 */
final class DemoTerminal {
  private static final Logger LOG = LoggerFactory.getLogger(DemoTerminal.class);

  private DemoTerminal() {}

  static Optional<TerminalSimulator> startIfEnabled(GatewayConfig config) {
    if (!config.simulator().enabled()) {
      return Optional.empty();
    }
    SimulatorOptions options =
        SimulatorOptions.defaults(config.exchange().root())
            .withEncoding(
                "UTF-8".equals(config.simulator().encoding())
                    ? OqsCharset.UTF_8
                    : OqsCharset.SHIFT_JIS);
    if (!config.link().institutionCode().isEmpty()) {
      options = options.withInstitutionCode(config.link().institutionCode());
    }
    TerminalSimulator simulator = new TerminalSimulator(options, SimulatedPopulation.standard());
    simulator.start();
    // Its test JPKI CA: what reader agents' virtual cards are verified against (agents.jpki-ca).
    simulator.ca();
    LOG.atWarn()
        .addKeyValue("dir", config.exchange().root())
        .log("simulated 資格確認端末 running: answers come from fictitious test persons, not from OQS");
    return Optional.of(simulator);
  }
}

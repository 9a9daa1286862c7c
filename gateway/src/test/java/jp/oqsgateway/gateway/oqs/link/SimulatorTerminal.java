package jp.oqsgateway.gateway.oqs.link;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;
import jp.oqsgateway.gateway.oqs.simulator.FaultRule;
import jp.oqsgateway.gateway.oqs.simulator.FaultType;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;

/** The real {@link TerminalSimulator} behind the contract's interface, its faults as planned. */
public final class SimulatorTerminal implements ContractTerminal {
  /** 2025-06-02 10:00 JST, the day {@link SimulatedRequests} asks about. */
  public static final Instant NOW = Instant.parse("2025-06-02T01:00:00Z");

  public final TerminalSimulator sim;

  public SimulatorTerminal(Path root) {
    this(root, o -> o);
  }

  /** With the options {@code tweak} gives (e.g. bulk results zipped). */
  public SimulatorTerminal(Path root, UnaryOperator<SimulatorOptions> tweak) {
    this.sim =
        new TerminalSimulator(
            tweak.apply(
                SimulatorOptions.defaults(root)
                    .withPickupDelay(Duration.ofMillis(10))
                    .withClock(Clock.fixed(NOW, ZoneOffset.UTC))),
            SimulatedRequests.POPULATION);
  }

  @Override
  public void start() {
    sim.start();
  }

  @Override
  public void inject(RequestKind kind, Fault fault) {
    FaultRule rule =
        FaultRule.next(
            kind.prefix(),
            1,
            switch (fault) {
              case NO_ANSWER -> FaultType.NO_ANSWER;
              case ERR -> FaultType.ERR;
              case DUPLICATE -> FaultType.DUPLICATE;
              case UNKNOWN_RESULT -> FaultType.UNKNOWN_RESULT;
              case MALFORMED -> FaultType.MALFORMED;
              case HOSTILE -> FaultType.HOSTILE;
              case OVERSIZED -> FaultType.OVERSIZED;
            });
    sim.faults().add(fault == Fault.OVERSIZED ? rule.withTimes(2) : rule);
  }

  @Override
  public void injectLatency(RequestKind kind, Duration delay) {
    sim.faults()
        .add(FaultRule.next(kind.prefix(), 1, FaultType.LATENCY).withMillis(delay.toMillis()));
  }

  @Override
  public void injectStillProcessing(RequestKind kind, int times) {
    sim.faults().add(FaultRule.next(kind.prefix(), 1, FaultType.STILL_PROCESSING).withTimes(times));
  }

  @Override
  public void setDown(boolean down) {
    sim.faults().setDown(down);
  }

  @Override
  public long filesWritten() {
    return sim.answeredCount();
  }

  @Override
  public String errText() {
    return "シミュレータの障害注入";
  }

  @Override
  public void close() {
    sim.stop();
  }
}

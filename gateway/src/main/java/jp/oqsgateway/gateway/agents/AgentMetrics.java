package jp.oqsgateway.gateway.agents;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jp.oqsgateway.agentprotocol.AgentAddresses;

/**
 * Reader agents as operators watch them: sockets connected now, and events received by address and
 * outcome, and connections closed because their token expired or was revoked. Labels are bounded:
 * the five addresses, and {@code accepted}, {@code duplicate}, {@code invalid}, {@code forbidden},
 * {@code wrong_desk} (a desk outside the agent's token), {@code conflict} or {@code error}.
 */
public final class AgentMetrics {
  /** The outcomes an event may have; each address's series start at zero for each. */
  private static final List<String> OUTCOMES =
      List.of("accepted", "duplicate", "invalid", "forbidden", "wrong_desk", "conflict", "error");

  private final MeterRegistry registry;
  private final AtomicLong connected = new AtomicLong();
  private final Map<String, AtomicInteger> byDesk = new ConcurrentHashMap<>();
  private final Counter expired;
  private final Counter revoked;

  public AgentMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("oqsgw.agents.connected", connected, AtomicLong::get)
        .description("Reader agents connected to the agent server now")
        .strongReference(true)
        .register(registry);
    expired =
        Counter.builder("oqsgw.agents.expired")
            .description("Agent connections closed because their token expired")
            .register(registry);
    revoked =
        Counter.builder("oqsgw.agents.revoked")
            .description("Agent connections closed because their token was revoked")
            .register(registry);
    for (String address : AgentAddresses.ALL) {
      for (String outcome : OUTCOMES) {
        events(address, outcome);
      }
    }
  }

  /** An agent connected, serving these desks (those of its token). */
  public void connected(Set<String> desks) {
    connected.incrementAndGet();
    desks.forEach(desk -> desk(desk).incrementAndGet());
  }

  public void disconnected(Set<String> desks) {
    connected.decrementAndGet();
    desks.forEach(desk -> desk(desk).decrementAndGet());
  }

  /**
   * A desk's series appears with the first agent serving it and stays (0 once none is left), so an
   * alert sees a desk whose agent went away; desks are the administrator's enrolment names.
   */
  private AtomicInteger desk(String desk) {
    return byDesk.computeIfAbsent(
        desk,
        d -> {
          AtomicInteger count = new AtomicInteger();
          Gauge.builder("oqsgw.agents.desk.connected", count, AtomicInteger::get)
              .description("Reader agents connected now that serve the desk")
              .tag("desk", d)
              .strongReference(true)
              .register(registry);
          return count;
        });
  }

  public void expired() {
    expired.increment();
  }

  public void revoked() {
    revoked.increment();
  }

  void received(String address, String outcome) {
    events(AgentAddresses.ALL.contains(address) ? address : "other", outcome).increment();
  }

  private Counter events(String type, String outcome) {
    return Counter.builder("oqsgw.agents.events")
        .description("Events received from reader agents, by address and outcome")
        .tag("type", type)
        .tag("outcome", outcome)
        .register(registry);
  }
}

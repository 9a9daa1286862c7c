package jp.oqsgateway.agent.event;

import jp.oqsgateway.agentprotocol.AgentEvent;

/**
 * Where the agent's events go. {@code watch} prints them; the network link (the {@code run}
 * command) appends them to the journal and sends them. Called on a reader's own thread: an
 * implementation must not block for long and must hand work for Vert.x to a context of its own.
 */
@FunctionalInterface
public interface EventSink {
  void accept(AgentEvent event);
}

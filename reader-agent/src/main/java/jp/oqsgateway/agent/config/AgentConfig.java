package jp.oqsgateway.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The reader agent's settings, typed and checked (docs/READER-AGENT.md lists them). Read once by
 * {@link ConfigLoader} and passed through constructors.
 *
 * @param agentId {@code agent.id}: the agent's name, the subject of its gateway token
 * @param gatewayUrl {@code gateway.url}: {@code wss://host:port/agent/eventbus/websocket}; needed
 *     by {@code run}, not by {@code watch}
 * @param tokenFile {@code gateway.token-file}: the file holding the agent's bearer token
 * @param caFile {@code gateway.ca-file}: PEM of the CA the gateway's agent certificate chains to
 * @param readers {@code readers} and {@code readers.default-desk}
 * @param bufferDir {@code buffer.dir}: where the journal lives
 * @param maxEvents {@code buffer.max-events}
 * @param pinPrompt {@code pin.prompt}: {@code console} or {@code script} (tests and demo only)
 * @param pinScriptFile {@code pin.script-file}: the PINs for {@code script}, one a line
 */
public record AgentConfig(
    String agentId,
    Optional<URI> gatewayUrl,
    Optional<Path> tokenFile,
    Optional<Path> caFile,
    ReaderMapping readers,
    Path bufferDir,
    int maxEvents,
    PinPromptKind pinPrompt,
    Optional<Path> pinScriptFile) {

  /** Where the PIN comes from. */
  public enum PinPromptKind {
    CONSOLE,
    SCRIPT
  }
}

package jp.oqsgateway.gateway.agents;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agent server and card identity (docs/READER-AGENT.md). Paths are absolute.
 *
 * @param tlsCert with {@code tlsKey}, the server's own PEM certificate and key; empty: generated
 *     under {@code generatedTlsDir}
 * @param jpkiCa PEM files of the trusted JPKI CA certificates; empty: no card verifies
 */
public record AgentsConfig(
    boolean enabled,
    String host,
    int port,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    Path generatedTlsDir,
    Duration idleTimeout,
    List<Path> jpkiCa,
    boolean requirePin,
    Duration challengeTtl) {
  public AgentsConfig {
    jpkiCa = List.copyOf(jpkiCa);
  }
}

package jp.oqsgateway.gateway.bootstrap;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded PostgreSQL server the gateway starts when no external one is configured.
 *
 * @param dirIsDefault true when nobody configured the directory, so the gateway may choose a
 *     reachable default when it runs as root
 */
public record EmbeddedDatabaseConfig(
    Path dir,
    boolean dirIsDefault,
    String osUser,
    int port,
    boolean durable,
    Duration startTimeout) {}

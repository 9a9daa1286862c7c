package jp.oqsgateway.gateway.bootstrap.pg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to run the embedded PostgreSQL server.
 *
 * @param root data root holding binaries, data, socket, log, password and lock (made absolute)
 * @param osUser system user that runs PostgreSQL when the gateway itself runs as root, because
 *     PostgreSQL refuses to run as root; created on first use. Ignored when not running as root.
 * @param port TCP port on 127.0.0.1, or 0 to pick a free port at each start
 * @param durable {@code false} only for tests: trades crash safety for speed (no fsync)
 * @param startTimeout upper bound for initdb and for the server to accept connections
 */
public record EmbeddedPgOptions(
    Path root, String osUser, int port, boolean durable, Duration startTimeout) {

  /** The portable subset accepted by useradd; also keeps the name from looking like an option. */
  private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  public EmbeddedPgOptions {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(osUser, "osUser");
    Objects.requireNonNull(startTimeout, "startTimeout");
    root = root.toAbsolutePath().normalize();
    if (!USER_NAME.matcher(osUser).matches()) {
      throw new IllegalArgumentException(
          "osUser must be a lower-case system user name such as oqsgw-pg, got: " + osUser);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535: " + port);
    }
    if (startTimeout.isNegative() || startTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("startTimeout must be at least 1 s: " + startTimeout);
    }
  }
}

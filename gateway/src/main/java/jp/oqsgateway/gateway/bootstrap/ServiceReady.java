package jp.oqsgateway.gateway.bootstrap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd the gateway is ready, so {@code systemctl start} returns only once every server
 * listens: under systemd with {@code RuntimeDirectory=}, the file {@value #FILE} is created in
 * {@code $RUNTIME_DIRECTORY} when the start is done and removed when the gateway stops; the unit's
 * {@code ExecStartPost=} waits for it. Without {@code RUNTIME_DIRECTORY} nothing happens.
 *
 * <p>Why not {@code Type=notify}: JDK 17 cannot send on systemd's datagram socket, and the message
 * of a helper process ({@code systemd-notify}) is only accepted with {@code NotifyAccess=all},
 * which lets every process of the service (the embedded PostgreSQL too) alter the service's state.
 */
final class ServiceReady {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceReady.class);

  /** The file the unit's {@code ExecStartPost=} waits for. */
  static final String FILE = "ready";

  private final Optional<Path> file;

  private ServiceReady(Optional<Path> file) {
    this.file = file;
  }

  /** The marker in {@code $RUNTIME_DIRECTORY} of {@code env}, if systemd gave one. */
  static ServiceReady from(Map<String, String> env) {
    String dir = env.get("RUNTIME_DIRECTORY");
    return new ServiceReady(
        dir == null || dir.isBlank()
            ? Optional.empty()
            : Optional.of(Path.of(dir.split(":")[0]).resolve(FILE)));
  }

  /** Creates the marker on a worker thread; a failure is logged (systemd then times out). */
  Future<Void> ready(Vertx vertx) {
    if (file.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx
        .<Void>executeBlocking(
            () -> {
              Files.deleteIfExists(file.get());
              Files.createFile(file.get());
              return null;
            },
            false)
        .onFailure(
            e ->
                LOG.atWarn()
                    .addKeyValue("file", file.get())
                    .addKeyValue("reason", String.valueOf(e.getMessage()))
                    .log("could not tell systemd the gateway is ready"));
  }

  /** Removes the marker (called from the stopping thread, never an event loop). */
  void stopping() {
    if (file.isEmpty()) {
      return;
    }
    try {
      Files.deleteIfExists(file.get());
    } catch (IOException e) {
      LOG.atWarn().addKeyValue("file", file.get()).log("could not remove the ready file");
    }
  }
}

package jp.oqsgateway.gateway.tls;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each server's TLS certificate expires, as the gauge {@code
 * oqsgw_tls_certificate_expiry_timestamp_seconds{server}} (0: the server serves plain HTTP). The
 * files are read at start and again at every renewal check, on the files pool, so a certificate
 * renewed by the gateway or replaced by hand shows its new date.
 */
public final class CertificateExpiry {
  /** The servers that may serve TLS. */
  public static final List<String> SERVERS = List.of("api", "management", "agents");

  private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiry.class);

  private final Map<String, AtomicLong> notAfter = new ConcurrentHashMap<>();
  private final Map<String, Path> files = new ConcurrentHashMap<>();

  public CertificateExpiry(MeterRegistry registry) {
    for (String server : SERVERS) {
      AtomicLong at = notAfter.computeIfAbsent(server, s -> new AtomicLong());
      Gauge.builder("oqsgw.tls.certificate.expiry.timestamp", at, AtomicLong::get)
          .description(
              "When the server's TLS certificate expires (0: the server serves plain HTTP)")
          .tag("server", server)
          .baseUnit("seconds")
          .strongReference(true)
          .register(registry);
    }
  }

  /** {@code server} serves the certificate (the first of the PEM file). */
  public void watch(String server, Path certificate) {
    if (!notAfter.containsKey(server)) {
      throw new IllegalArgumentException("not one of " + SERVERS + ": " + server);
    }
    files.put(server, certificate);
  }

  /** Reads the dates now, then every {@code every}; the timer to cancel on stop. */
  public long start(Vertx vertx, WorkerExecutor pool, Duration every) {
    read(pool).await();
    return vertx.setPeriodic(every.toMillis(), id -> read(pool));
  }

  Future<Void> read(WorkerExecutor pool) {
    return pool.executeBlocking(
        () -> {
          files.forEach(
              (server, file) -> {
                try {
                  long at =
                      GatewayCa.certificates(file)
                          .get(0)
                          .getNotAfter()
                          .toInstant()
                          .getEpochSecond();
                  notAfter.get(server).set(at);
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                  LOG.atWarn()
                      .setCause(e)
                      .addKeyValue("server", server)
                      .addKeyValue("file", file)
                      .log("cannot read the expiry date of a TLS certificate");
                }
              });
          return null;
        });
  }
}

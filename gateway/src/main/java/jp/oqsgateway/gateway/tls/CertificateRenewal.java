package jp.oqsgateway.gateway.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server certificates of the gateway's CA current while the gateway runs: every interval,
 * on the files pool, each is issued again when it nears expiry (as at start), and the servers
 * serving it load the new one for their next connections. Open connections are not interrupted.
 */
public final class CertificateRenewal {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);

  private record Served(Set<String> names, List<Supplier<Future<Boolean>>> reloads) {}

  private final Path caDir;
  private final Map<String, Served> served = new LinkedHashMap<>();

  /**
   * @param caDir the folder of the gateway's CA
   */
  public CertificateRenewal(Path caDir) {
    this.caDir = caDir;
  }

  /**
   * A server serves the CA's certificate {@code name} for {@code names}; {@code reload} makes it
   * load the certificate files again.
   */
  public void add(String name, Set<String> names, Supplier<Future<Boolean>> reload) {
    served.computeIfAbsent(name, n -> new Served(names, new ArrayList<>())).reloads().add(reload);
  }

  /**
   * Checks every {@code every} from now on; nothing when no server serves a certificate of the CA.
   *
   * @return the timer, to cancel on stop (-1: none)
   */
  public long start(Vertx vertx, WorkerExecutor files, Duration every) {
    if (served.isEmpty()) {
      return -1;
    }
    return vertx.setPeriodic(every.toMillis(), id -> check(files));
  }

  private void check(WorkerExecutor files) {
    files
        .executeBlocking(
            () -> {
              GatewayCa ca = GatewayCa.open(caDir);
              List<String> renewed = new ArrayList<>();
              served.forEach(
                  (name, s) -> {
                    if (ca.renew(name, s.names())) {
                      renewed.add(name);
                    }
                  });
              return renewed;
            })
        .compose(
            renewed ->
                Future.all(
                        renewed.stream()
                            .flatMap(name -> served.get(name).reloads().stream())
                            .map(Supplier::get)
                            .toList())
                    .onSuccess(
                        v ->
                            renewed.forEach(
                                name ->
                                    LOG.atInfo()
                                        .addKeyValue("file", caDir.resolve(name + ".pem"))
                                        .log("server certificate renewed and loaded"))))
        .onFailure(
            e ->
                LOG.atError()
                    .setCause(e)
                    .log("cannot renew the servers' certificates; trying again later"));
  }
}

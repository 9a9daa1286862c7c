package jp.oqsgateway.gateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jp.oqsgateway.gateway.audit.AuditChainVerifier.Break;
import jp.oqsgateway.gateway.audit.AuditChainVerifier.Position;
import jp.oqsgateway.gateway.audit.AuditChainVerifier.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own watch over the read audit's hash chain ({@link AuditChainVerifier}): the whole
 * chain at start and every {@link #FULL_EVERY} verifications (daily at the default hour), and in
 * between only the rows written since the newest row it found intact (that row is checked again:
 * still there, same hash). So a row appended, the newest rows removed, or the chain rewritten up to
 * its end shows within one interval; an older row edited in place, within a day. Its findings are
 * metrics, present from the start:
 *
 * <ul>
 *   <li>{@code oqsgw_audit_chain_intact}: 0 once a verification found a break, 1 otherwise (also
 *       before the first verification ends: read it with the timestamp below);
 *   <li>{@code oqsgw_audit_chain_last_verification_timestamp_seconds}: when a verification last
 *       ended with an answer, intact or broken (0: none since the start);
 *   <li>{@code oqsgw_audit_chain_verified_seq}: the sequence number of the newest row found intact;
 *   <li>{@code oqsgw_audit_chain_verified_rows_total}: rows verified (again by each full pass);
 *   <li>{@code oqsgw_audit_chain_verifications_total{outcome}}: {@code intact}, {@code broken}, and
 *       {@code failed} for a verification that could not run (the database unreachable): never
 *       taken for a broken chain.
 * </ul>
 *
 * <p>A break is logged once at ERROR (row id, sequence number, day, reason: no row content), not
 * again while the same break stays; the next verifications resume before it, so they find it again
 * cheaply, and say "intact again" if it was repaired (a restore).
 *
 * <p>Threading: verifications run on the worker given to {@link #start} (one thread of its own,
 * never an event loop), one at a time: a tick while one runs is skipped. The resume point and the
 * last break are touched only by the running verification; the metrics are atomics.
 */
public final class AuditChainWatch {
  /** Opens a JDBC connection as the gateway's application role (SELECT on the audit tables). */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  /** Every this many verifications, the whole chain again. */
  static final int FULL_EVERY = 24;

  static final String INTACT = "intact";
  static final String BROKEN = "broken";
  static final String FAILED = "failed";

  private static final Logger LOG = LoggerFactory.getLogger(AuditChainWatch.class);

  private final Connections connections;
  private final Clock clock;
  private final AtomicInteger intact = new AtomicInteger(1);
  private final AtomicLong lastVerification = new AtomicLong();
  private final AtomicLong verifiedSeq = new AtomicLong();
  private final Counter rows;
  private final Map<String, Counter> verifications;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean stopped;
  private Optional<Position> resumeAt = Optional.empty();
  private Optional<Break> logged = Optional.empty();
  private boolean failing;
  private int sinceFull;

  public AuditChainWatch(Connections connections, MeterRegistry registry, Clock clock) {
    this.connections = connections;
    this.clock = clock;
    Gauge.builder("oqsgw.audit.chain.intact", intact, AtomicInteger::get)
        .description(
            "0 once a verification of the read audit's hash chain found a break, else 1 (also"
                + " before the first verification)")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "oqsgw.audit.chain.last.verification.timestamp", lastVerification, AtomicLong::get)
        .description(
            "When a verification of the audit chain last ended, intact or broken (0: none since"
                + " the start)")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    Gauge.builder("oqsgw.audit.chain.verified.seq", verifiedSeq, AtomicLong::get)
        .description("Sequence number of the newest audit row verified intact (0: none yet)")
        .strongReference(true)
        .register(registry);
    this.rows =
        Counter.builder("oqsgw.audit.chain.verified.rows")
            .description("Audit rows whose link was verified")
            .register(registry);
    this.verifications =
        Map.of(
            INTACT, verifications(registry, INTACT),
            BROKEN, verifications(registry, BROKEN),
            FAILED, verifications(registry, FAILED));
  }

  private static Counter verifications(MeterRegistry registry, String outcome) {
    return Counter.builder("oqsgw.audit.chain.verifications")
        .description(
            "Verifications of the audit chain by outcome: intact, broken, failed (could not run)")
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * Starts the first verification (the whole chain) without waiting for it, then one every {@code
   * every}; the id of the timer to cancel.
   */
  public long start(Vertx vertx, WorkerExecutor worker, Duration every) {
    verify(worker);
    return vertx.setPeriodic(every.toMillis(), id -> verify(worker));
  }

  /** From now on, a verification cut short by the stop is neither counted nor logged. */
  public void stop() {
    stopped = true;
  }

  /** One verification on {@code worker}, unless one is running; completes when it ended. */
  Future<Void> verify(WorkerExecutor worker) {
    if (!running.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return worker
        .<Void>executeBlocking(
            () -> {
              verifyNow();
              return null;
            })
        .onComplete(done -> running.set(false));
  }

  private void verifyNow() {
    Result result;
    try (Connection c = connections.open()) {
      boolean full = resumeAt.isEmpty() || sinceFull >= FULL_EVERY;
      result =
          full
              ? AuditChainVerifier.verify(c, Optional.empty(), Optional.empty())
              : AuditChainVerifier.verifyFrom(c, resumeAt.get());
      sinceFull = full ? 1 : sinceFull + 1;
    } catch (SQLException | RuntimeException e) {
      if (stopped) {
        return;
      }
      verifications.get(FAILED).increment();
      if (!failing) {
        // The driver's message names the server and the SQL state; no audit content.
        LOG.atWarn().setCause(e).log("audit chain not verified: cannot read the audit");
        failing = true;
      }
      return;
    }
    failing = false;
    rows.increment(result.rowsChecked());
    result.last().ifPresent(p -> verifiedSeq.set(p.seq()));
    // After a break, resume before it (or from the start), so that it is found again.
    resumeAt = result.intact() ? result.last().or(() -> resumeAt) : result.last();
    lastVerification.set(clock.instant().getEpochSecond());
    if (result.intact()) {
      intact.set(1);
      verifications.get(INTACT).increment();
      if (logged.isPresent()) {
        LOG.atInfo().addKeyValue("auditSeq", verifiedSeq.get()).log("audit chain intact again");
        logged = Optional.empty();
      }
      return;
    }
    intact.set(0);
    verifications.get(BROKEN).increment();
    Break at = result.firstBreak().orElseThrow();
    if (!at.equals(logged.orElse(null))) {
      LOG.atError()
          .addKeyValue("auditRowId", at.rowId())
          .addKeyValue("auditSeq", at.seq().orElse(null))
          .addKeyValue("auditDay", at.day().map(LocalDate::toString).orElse(null))
          .addKeyValue("reason", at.reason())
          .log("audit chain broken");
      logged = Optional.of(at);
    }
  }
}

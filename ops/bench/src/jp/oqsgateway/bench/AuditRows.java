package jp.oqsgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL's part of an audited read, alone: audit rows written as the gateway's group commit
 * writes them (AuditStore: the chain's lock, its head read, then one insert of the batch from arrays,
 * in one transaction and one durable commit), into bench_baseline_audit, made like {@code
 * audit_read} with its indexes and checks. One connection, as the chain takes one commit at a time.
 * With a large batch the per-commit cost fades and what is left is each row's own: the rows a second
 * are then the most audited reads a second this PostgreSQL can take on the cores it has, whatever
 * the gateway in front of it costs. The CPU PostgreSQL used meanwhile ({@code serverCpuCores}) and
 * this client's ({@code clientCpuCores}: the pg client building and sending the rows, as the gateway's
 * pool does for its reads) say what one row costs on either side.
 */
final class AuditRows {
  private static final String INSERT =
      "insert into bench_baseline_audit (read_at, subject, roles, purpose, chart_patient_id, check_id,"
          + " request_id, client_request_id, delivered_to, desk_id, seq, chain_day, prev_hash, hash)"
          + " select $1::timestamptz, r.subject, r.roles::text[], r.purpose, r.chart_patient_id, r.check_id,"
          + " r.request_id, r.client_request_id, r.delivered_to, r.desk_id, r.seq, $2::date, r.prev_hash, r.hash"
          + " from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[],"
          + " $10::text[], $11::text[], $12::int8[], $13::bytea[], $14::bytea[]) as r(subject, roles, purpose,"
          + " chart_patient_id, check_id, request_id, client_request_id, delivered_to, desk_id, seq, prev_hash,"
          + " hash) order by r.seq";

  private AuditRows() {}

  /**
   * @param pgData the server's data folder, to find its processes and the CPU they use meanwhile
   *     ({@code serverCpuCores}: PostgreSQL's whole share of the cores while measured)
   */
  static JsonObject measure(Pool pool, int batch, int warmup, int seconds, String pgData) throws Exception {
    if (batch < 1) {
      throw new IllegalArgumentException("--audit-batch must be at least 1, not " + batch);
    }
    pool.query("create table if not exists bench_baseline_audit (like audit_read including all)")
        .execute().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    AtomicLong seq = new AtomicLong();
    Optional<ProcessHandle> postmaster = PostgresProcess.postmaster(pgData);
    double[] atBegin = new double[2];
    JsonObject commits = PgBaseline.measure(1, warmup, seconds, () -> append(pool, batch, seq), () -> {
      atBegin[0] = PostgresProcess.cpuSeconds(postmaster);
      atBegin[1] = Bench.cpuSeconds("self");
    });
    double took = commits.getDouble("seconds");
    double server = (PostgresProcess.cpuSeconds(postmaster) - atBegin[0]) / took;
    double client = (Bench.cpuSeconds("self") - atBegin[1]) / took;
    JsonObject result = commits
        .put("rowsPerCommit", batch)
        .put("rowsPerSecond", commits.getLong("perSecond") * batch)
        .put("clientCpuCores", Math.round(client * 100) / 100.0);
    return postmaster.isEmpty() ? result : result.put("serverCpuCores", Math.round(server * 100) / 100.0);
  }

  private static Future<Void> append(Pool pool, int batch, AtomicLong seq) {
    return pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock($1)")
            .execute(Tuple.of(-1L))
            .compose(locked -> tx.query("select seq, hash from bench_baseline_audit"
                + " where seq is not null order by seq desc limit 1").execute())
            .compose(head -> tx.preparedQuery(INSERT).execute(rows(batch, seq))))
        .mapEmpty();
  }

  /** One batch's columns, shaped as a chart's reads are: a token's subject, a patient, hashes. */
  private static Tuple rows(int batch, AtomicLong seq) {
    String[] subject = new String[batch];
    String[] roles = new String[batch];
    String[] purpose = new String[batch];
    String[] patient = new String[batch];
    UUID[] check = new UUID[batch];
    String[] request = new String[batch];
    String[] none = new String[batch];
    Long[] seqs = new Long[batch];
    Buffer[] prev = new Buffer[batch];
    Buffer[] hash = new Buffer[batch];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < batch; i++) {
      subject[i] = "bench-chart";
      roles[i] = "{chart}";
      purpose[i] = "latest-qualification";
      patient[i] = String.format("BENCH-%06d", 1 + random.nextInt(10_000));
      check[i] = new UUID(random.nextLong(), random.nextLong());
      request[i] = Long.toHexString(random.nextLong());
      seqs[i] = seq.incrementAndGet();
      prev[i] = i == 0 ? randomHash(random) : hash[i - 1];
      hash[i] = randomHash(random);
    }
    return Tuple.from(new Object[] {OffsetDateTime.now(), LocalDate.now(), subject, roles, purpose, patient, check,
        request, none, none, none, seqs, prev, hash});
  }

  private static Buffer randomHash(ThreadLocalRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Buffer.buffer(b);
  }
}

package jp.oqsgateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Target 2: a check by insurance numbers through the gateway ({@code POST
 * /api/v1/qualification-checks?wait=20}, chart token), one after another, timed from sending to the
 * 201 read, against the simulated terminal. Its answered check is then the template of the cached
 * read's patients ({@code seed}). With {@code --timeline true} and the database's {@code --pg…}
 * options, also each step of the checks ({@link CheckTimeline}).
 */
final class CheckLatency {
  private CheckLatency() {}

  static JsonObject run(Map<String, String> opts) throws Exception {
    String api = "http://" + Bench.required(opts, "api");
    String token = Files.readString(Path.of(Bench.required(opts, "chart-token-file"))).trim();
    JsonObject body = new JsonObject(Files.readString(Path.of(Bench.required(opts, "body"))));
    int runs = Bench.intOpt(opts, "runs", 100);
    int warmup = Bench.intOpt(opts, "warmup", 10);
    // Idle time after each check (--gap-ms): a clinic's checks come minutes apart, not back to back.
    int gapMs = Bench.intOpt(opts, "gap-ms", 0);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<Long> samples = new ArrayList<>();
    List<CheckTimeline.Sent> sent = new ArrayList<>();
    String answered = null;
    // The CPU the gateway and its PostgreSQL spend on the measured checks (with --server-pid and --pg-data).
    String serverPid = opts.get("server-pid");
    Optional<ProcessHandle> postmaster = opts.containsKey("pg-data")
        ? PostgresProcess.postmaster(opts.get("pg-data")) : Optional.empty();
    double[] cpuAtStart = new double[2];
    for (int i = 0; i < warmup + runs; i++) {
      if (i == warmup && serverPid != null) {
        cpuAtStart[0] = Bench.cpuSeconds(serverPid);
        cpuAtStart[1] = PostgresProcess.cpuSeconds(postmaster);
      }
      HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/api/v1/qualification-checks?wait=20"))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.copy().put("chartPatientId", "BENCH-CHECK-" + i).encode()))
          .build();
      long sentAt = Bench.nowMicros();
      long start = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      long took = (System.nanoTime() - start) / 1_000;
      long receivedAt = Bench.nowMicros();
      if (r.statusCode() != 201) {
        throw new IllegalStateException("check " + i + " answered " + r.statusCode() + ": " + r.body());
      }
      answered = new JsonObject(r.body()).getString("id");
      if (gapMs > 0) {
        Thread.sleep(gapMs);
      }
      if (i >= warmup) {
        samples.add(took);
        sent.add(new CheckTimeline.Sent(UUID.fromString(answered), sentAt, receivedAt));
      }
    }
    JsonObject result = new JsonObject()
        .put("what", "POST /api/v1/qualification-checks?wait=20 sent → 201 read, one at a time")
        .put("warmup", warmup)
        .put("summary", Bench.summary(samples));
    if (serverPid != null && runs > 0) {
      JsonObject cpu = new JsonObject()
          .put("gatewayMs", Math.round((Bench.cpuSeconds(serverPid) - cpuAtStart[0]) * 1e5 / runs) / 100.0);
      if (postmaster.isPresent()) {
        cpu.put("postgresqlMs", Math.round((PostgresProcess.cpuSeconds(postmaster) - cpuAtStart[1]) * 1e5 / runs) / 100.0);
      }
      result.put("cpuPerCheck", cpu);
    }
    if (Boolean.parseBoolean(opts.getOrDefault("timeline", "false"))) {
      result.put("timeline", CheckTimeline.of(opts, sent));
    }
    return result
        .put("samplesMs", Bench.samplesMs(samples))
        .put("answeredCheckId", answered)
        .put("machine", Bench.machine());
  }

  /**
   * {@code --patients} chart patients BENCH-000001… each with a copy of the answered check {@code
   * --template} as the latest qualification, inserted as the database owner in one transaction
   * (through the API it would take the terminal's time 10,000 times).
   */
  static JsonObject seed(Map<String, String> opts) throws Exception {
    int patients = Integer.parseInt(Bench.required(opts, "patients"));
    String copies =
        "insert into qualification_check (id, source, requested_by, chart_patient_id, state, request,"
            + " exchange_id, result, requested_at, finished_at)"
            + " select gen_random_uuid(), c.source, 'bench', p.id, c.state,"
            + " jsonb_set(c.request, '{chartPatientId}', to_jsonb(p.id)), c.exchange_id, c.result,"
            + " c.requested_at, c.finished_at"
            + " from qualification_check c,"
            + " (select 'BENCH-' || lpad(g::text, 6, '0') as id from generate_series(1, $2) g) p where c.id = $1";
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = OutboxProducer.pool(vertx, opts);
      long start = System.nanoTime();
      int rows = pool.withTransaction(tx -> tx.preparedQuery(copies)
              .execute(Tuple.of(UUID.fromString(Bench.required(opts, "template")), patients)))
          .compose(r -> pool.query("analyze qualification_check").execute().map(r.rowCount()))
          .toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
      if (rows != patients) {
        throw new IllegalStateException("seeded " + rows + " of " + patients + " patients");
      }
      return new JsonObject().put("patients", rows).put("seconds", (System.nanoTime() - start) / 1e9);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}

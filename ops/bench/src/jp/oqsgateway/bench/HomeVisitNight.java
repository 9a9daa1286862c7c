package jp.oqsgateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The nightly home-visit re-inquiry (job {@code home-visit-reinquiry}) of N patients scheduled on
 * one day, against the simulated terminal. The previous answers are real ones: one API check per
 * template person of the simulator (each with a home-visit consent there), copied as the database
 * owner to N chart patients, with a continuing relationship each and one visit that day, all in one
 * transaction (seeding through the API would time the seeding). First a warm-up night of its own
 * patients on the next day (not measured: a gateway that runs for days has compiled its hot code
 * before the night; a fresh JVM spends the first thousands of patients in the JIT). Then one job
 * run, started through the API with an ops token and polled until it ends or the time limit; the
 * gateway's peak RSS is its VmHWM.
 */
final class HomeVisitNight {
  private static final String JOB_KIND = "home-visit-reinquiry";

  private HomeVisitNight() {}

  static JsonObject run(Map<String, String> opts) throws Exception {
    String api = "http://" + Bench.required(opts, "api");
    String chart = Files.readString(Path.of(Bench.required(opts, "chart-token-file"))).trim();
    String ops = Files.readString(Path.of(Bench.required(opts, "ops-token-file"))).trim();
    long pid = Long.parseLong(Bench.required(opts, "gateway-pid"));
    int patients = Integer.parseInt(Bench.required(opts, "patients"));
    int limitSeconds = Bench.intOpt(opts, "time-limit", 600);
    LocalDate day = LocalDate.parse(Bench.required(opts, "day"));
    int warmUp = Bench.intOpt(opts, "warm-up", 0);
    Api http = new Api(api);

    List<String> templates = templates(http, chart, Path.of(Bench.required(opts, "bodies")));
    if (templates.isEmpty()) {
      throw new IllegalStateException("no template person's check was answered");
    }
    Vertx vertx = Vertx.vertx();
    Pool pool = OutboxProducer.pool(vertx, opts);
    double warmUpSeconds = 0;
    if (warmUp > 0) {
      seed(pool, templates, "WARM-", warmUp, day.plusDays(1));
      long warmStart = System.nanoTime();
      String warmJob = startJob(http, ops, day.plusDays(1));
      String state = "planned";
      while (!"done".equals(state) && !"failed".equals(state)
          && (System.nanoTime() - warmStart) / 1_000_000_000L < limitSeconds) {
        Thread.sleep(500);
        state = new JsonObject(http.send(ops, "GET", "/api/v1/jobs/" + warmJob, null).body()).getString("state");
      }
      warmUpSeconds = (System.nanoTime() - warmStart) / 1e9;
    }
    long seedStart = System.nanoTime();
    seed(pool, templates, "BENCH-", patients, day);
    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
    double rssBefore = Bench.rssMb(pid);
    double cpuBefore = Bench.cpuSeconds(Long.toString(pid));
    String simulator = opts.getOrDefault("simulator-pid", "0");
    double simulatorBefore = Bench.cpuSeconds(simulator);
    Optional<ProcessHandle> postmaster = PostgresProcess.postmaster(opts.getOrDefault("pg-data", "-"));
    double databaseBefore = PostgresProcess.cpuSeconds(postmaster);
    Map<String, Double> threadsBefore = cpuByThread(pid);

    long start = System.nanoTime();
    String jobId = startJob(http, ops, day);
    JsonArray progress = new JsonArray();
    JsonObject job = new JsonObject();
    double rssMax = rssBefore;
    long lastSample = 0;
    boolean ended = false;
    while ((System.nanoTime() - start) / 1_000_000_000L < limitSeconds) {
      job = new JsonObject(http.send(ops, "GET", "/api/v1/jobs/" + jobId, null).body());
      rssMax = Math.max(rssMax, Bench.rssMb(pid));
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      String state = job.getString("state");
      ended = "done".equals(state) || "failed".equals(state);
      if (ended || elapsedMs - lastSample >= 5_000) {
        lastSample = elapsedMs;
        progress.add(new JsonObject().put("seconds", elapsedMs / 1000.0)
            .put("ended", job.getInteger("done", 0) + job.getInteger("failed", 0))
            .put("rssMb", Bench.rssMb(pid)));
      }
      if (ended) {
        break;
      }
      // Once a second, as a person watching would: the job's time is its own (startedAt to
      // finishedAt), and each poll counts the job's items in the database.
      Thread.sleep(1000);
    }
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    double cpu = Bench.cpuSeconds(Long.toString(pid)) - cpuBefore;
    double simulatorCpu = Bench.cpuSeconds(simulator) - simulatorBefore;
    double databaseCpu = PostgresProcess.cpuSeconds(postmaster) - databaseBefore;
    JsonObject threads = new JsonObject();
    cpuByThread(pid).entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0.0)))
        .filter(e -> e.getValue() >= 0.1)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> threads.put(e.getKey(), round(e.getValue())));
    int total = job.getInteger("total", 0);
    int reached = job.getInteger("done", 0) + job.getInteger("failed", 0);
    JsonObject sent = sentChecks(pool, jobId);
    JsonObject failedItems =
        new JsonObject(http.send(ops, "GET", "/api/v1/jobs/" + jobId + "/items?outcome=failed&limit=20", null).body());
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    double jobSeconds = ended ? seconds(job.getString("startedAt"), job.getString("finishedAt")) : wallSeconds;
    double hwm = Bench.statusMb(pid, "VmHWM:");
    return new JsonObject()
        .put("benchmark", "home-visit-night")
        .put("date", Instant.now().toString())
        .put("machine", Bench.machine())
        .put("gatewayJavaOptions", opts.getOrDefault("gateway-java-opts", "?"))
        .put("gatewaySettings", opts.getOrDefault("gateway-settings", "").replace("--set ", "").trim())
        .put("patients", patients)
        .put("templatePersons", templates.size())
        .put("simulatorPickupDelayMillis", Bench.intOpt(opts, "pickup-delay", 50))
        .put("warmUpPatients", warmUp)
        .put("warmUpSeconds", round(warmUpSeconds))
        .put("seedSeconds", round(seedSeconds))
        .put("jobId", jobId)
        .put("ended", ended)
        .put("timeLimitSeconds", limitSeconds)
        .put("state", job.getString("state"))
        .put("total", total)
        .put("reached", reached)
        .put("outcomes", job.getJsonObject("outcomes"))
        .put("sentChecks", sent)
        .put("wallSeconds", round(wallSeconds))
        .put("jobSeconds", round(jobSeconds))
        .put("patientsPerSecond", round(reached / jobSeconds))
        .put("gatewayCpuSeconds", round(cpu))
        .put("gatewayCpuSecondsByThread", threads)
        .put("simulatorCpuSeconds", round(simulatorCpu))
        .put("postgresCpuSeconds", round(databaseCpu))
        .put("failedItems", failedItems)
        .put("gatewayRssMb", new JsonObject().put("beforeJob", rssBefore).put("maxSampled", rssMax).put("peakVmHWM", hwm))
        .put("progress", progress)
        .put("markdown", String.format("| %s | %,d | %s | %.1f s | %.0f /s | %.0f MiB | %.0f s | %s |",
            LocalDate.now(), patients, ended ? "done" : "stopped at " + reached + " of " + total,
            jobSeconds, reached / jobSeconds, hwm, cpu, Bench.loadAverage()));
  }

  /** Starts the day's re-inquiry job with the ops token; answers its id. */
  private static String startJob(Api http, String ops, LocalDate day) throws Exception {
    HttpResponse<String> created =
        http.send(ops, "POST", "/api/v1/jobs",
            new JsonObject().put("kind", JOB_KIND).put("params", new JsonObject().put("date", day.toString())));
    if (created.statusCode() != 202) {
      throw new IllegalStateException("POST /api/v1/jobs answered " + created.statusCode() + ": " + created.body());
    }
    return new JsonObject(created.body()).getString("id");
  }

  /** Checks each template body through the API and answers the ids of those answered. */
  private static List<String> templates(Api http, String token, Path bodies) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(bodies)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    List<String> answered = new ArrayList<>();
    int i = 0;
    for (Path f : files) {
      JsonObject body = new JsonObject(Files.readString(f)).put("chartPatientId", "BENCH-TEMPLATE-" + i++);
      HttpResponse<String> r = http.send(token, "POST", "/api/v1/qualification-checks", body);
      JsonObject check = new JsonObject(r.body());
      for (int tries = 0; "WAITING".equals(check.getString("state")) && tries < 300; tries++) {
        Thread.sleep(100);
        check = new JsonObject(http.send(token, "GET", "/api/v1/qualification-checks/" + check.getString("id"), null).body());
      }
      if ("ANSWERED".equals(check.getString("state"))) {
        answered.add(check.getString("id"));
      } else {
        System.err.println("template " + f.getFileName() + " not answered: " + r.statusCode() + " " + check.getString("state"));
      }
    }
    return answered;
  }

  /**
   * Per patient {@code <prefix>nnnnnn}: a copy of one template's answered check (its previous
   * answer), a continuing relationship (訪問診療, first visit 20 days before the day) and one visit
   * that day.
   */
  private static void seed(Pool pool, List<String> templates, String prefix, int patients, LocalDate day)
      throws Exception {
    String copies =
        "with t as (select id, row_number() over (order by id) - 1 as i from qualification_check where id = any($1)),"
            + " p as (select g, $4 || lpad(g::text, 6, '0') as patient from generate_series(1, $2) g)"
            + " insert into qualification_check (id, source, requested_by, chart_patient_id, state, request,"
            + " exchange_id, result, requested_at, finished_at)"
            + " select gen_random_uuid(), c.source, 'bench', p.patient, c.state,"
            + " jsonb_set(c.request, '{chartPatientId}', to_jsonb(p.patient)), c.exchange_id, c.result,"
            + " c.requested_at, c.finished_at"
            + " from p join t on t.i = p.g % $3 join qualification_check c on c.id = t.id";
    String relationships =
        "insert into home_visit_relationship (id, chart_patient_id, care_form, first_visit_date, created_by)"
            + " select gen_random_uuid(), $3 || lpad(g::text, 6, '0'), 'medical', $2::date - 20, 'bench'"
            + " from generate_series(1, $1) g";
    String visits =
        "insert into home_visit_schedule (id, visit_date, team, chart_patient_id, visit_kind, care_form,"
            + " visit_time, created_by)"
            + " select gen_random_uuid(), $2, 'team-' || (g % 20), $3 || lpad(g::text, 6, '0'),"
            + " 'scheduled', 'medical', time '09:00' + (g % 40) * interval '15 minutes', 'bench'"
            + " from generate_series(1, $1) g";
    java.util.UUID[] ids = templates.stream().map(java.util.UUID::fromString).toArray(java.util.UUID[]::new);
    pool.withTransaction(tx -> tx.preparedQuery(copies).execute(Tuple.of(ids, patients, templates.size(), prefix))
            .compose(v -> tx.preparedQuery(relationships).execute(Tuple.of(patients, day, prefix)))
            .compose(v -> tx.preparedQuery(visits).execute(Tuple.of(patients, day, prefix))))
        .compose(v -> pool.query("analyze qualification_check, home_visit_relationship, home_visit_schedule").execute())
        .toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
  }

  /** The re-inquiries the job created, by state (each one file sent to the terminal). */
  private static JsonObject sentChecks(Pool pool, String jobId) throws Exception {
    JsonObject byState = new JsonObject();
    for (Row r : pool.preparedQuery("select state, count(*) from qualification_check where requested_by = $1 group by state")
        .execute(Tuple.of("job:" + jobId)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS)) {
      byState.put(r.getString(0), r.getLong(1));
    }
    return byState;
  }

  /**
   * CPU seconds of the gateway's threads during the run, by thread name with digits folded (the
   * JIT's compiler threads, the collector, the event loops, the file workers), from /proc.
   */
  private static Map<String, Double> cpuByThread(long pid) {
    Map<String, Double> byName = new java.util.TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : tasks.toList()) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
          byName.merge(name, Bench.cpuSeconds(pid + "/task/" + t.getFileName()), Double::sum);
        } catch (java.io.IOException e) {
          // the thread ended meanwhile
        }
      }
    } catch (java.io.IOException e) {
      return byName;
    }
    return byName;
  }


  private static double seconds(String from, String to) {
    return Duration.between(Instant.parse(from), Instant.parse(to)).toMillis() / 1000.0;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** The gateway's API over plain HTTP, a bearer token per call. */
  private record Api(String base) {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> send(String token, String method, String path, JsonObject body) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + token)
          .method(method, body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body.encode()));
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}

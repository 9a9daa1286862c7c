package jp.oqsgateway.bench;

import io.vertx.core.json.JsonObject;
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

/**
 * One check by insurance numbers through the API ({@code POST /api/v1/qualification-checks?wait=10}
 * → 201 with the answer), one after the other on one kept-alive connection, beside the same run's
 * file round trip of the simulator alone ({@link FileRoundTrip}'s JSON): what the gateway adds.
 */
final class CheckPath {
  private CheckPath() {}

  static JsonObject run(Map<String, String> opts) throws Exception {
    String api = "http://" + Bench.required(opts, "api");
    String token = Files.readString(Path.of(Bench.required(opts, "chart-token-file"))).trim();
    String body = Files.readString(Path.of(Bench.required(opts, "body")));
    int runs = Bench.intOpt(opts, "runs", 200);
    int warmup = Bench.intOpt(opts, "warmup", 20);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api + "/api/v1/qualification-checks?wait=10"))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    String loadBefore = Bench.loadAverage();
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < warmup + runs; i++) {
      long start = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      long took = (System.nanoTime() - start) / 1_000;
      if (r.statusCode() != 201) {
        throw new IllegalStateException("check → " + r.statusCode() + " " + r.body());
      }
      if (i >= warmup) {
        samples.add(took);
      }
    }
    JsonObject check = Bench.summary(samples);
    JsonObject roundTrip =
        new JsonObject(Files.readString(Path.of(Bench.required(opts, "roundtrip")))).getJsonObject("summary");
    double added50 = check.getDouble("p50Ms") - roundTrip.getDouble("p50Ms");
    double added99 = check.getDouble("p99Ms") - roundTrip.getDouble("p99Ms");
    boolean met = added50 < 2 && added99 < 10;
    return new JsonObject()
        .put("what", "POST /api/v1/qualification-checks?wait=10 → 201, one at a time; simulator with --pickup-delay 0")
        .put("warmup", warmup)
        .put("summary", check)
        .put("fileRoundTrip", roundTrip)
        .put("addedP50Ms", Bench.ms(Math.round(added50 * 1000)))
        .put("addedP99Ms", Bench.ms(Math.round(added99 * 1000)))
        .put("target", "added p50 < 2 ms, p99 < 10 ms")
        .put("met", met)
        .put("samplesMs", Bench.samplesMs(samples))
        .put("loadAverageBefore", loadBefore)
        .put("machine", Bench.machine())
        .put(
            "markdown",
            String.format(
                "| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %s | %s |",
                java.time.LocalDate.now(),
                runs,
                check.getDouble("p50Ms"),
                check.getDouble("p99Ms"),
                roundTrip.getDouble("p50Ms"),
                roundTrip.getDouble("p99Ms"),
                added50,
                added99,
                met ? "met" : "missed",
                Bench.loadAverage()));
  }
}

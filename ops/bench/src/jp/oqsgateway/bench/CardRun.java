package jp.oqsgateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Card inserted → {@code check.answered} on the live feed, through the demo's real parts: the
 * virtual card's control channel inserts the card, pcscd sees it, the reader agent proves it to the
 * gateway, which runs the patient's check through the simulated terminal's folders and raises the
 * event; a WebSocket client (chart token) times its arrival. The card is linked once first (the
 * chart's check and link, then the desk's card-link task), so every measured insertion runs a check.
 */
final class CardRun {
  private static final List<String> TYPES =
      List.of("card.inserted", "card.removed", "check.answered", "check.failed", "card.link.task");

  private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String api;
  private final String desk;
  private final VirtualCardControl card;
  private WebSocketClient ws;

  private record Received(JsonObject event, long atMicros) {
    String type() {
      return event.getString("type");
    }

    JsonObject data() {
      return event.getJsonObject("data", new JsonObject());
    }

    boolean atDesk(String desk) {
      return desk.equals(data().getString("deskId", data().getString("desk")));
    }

    long occurredMicros() {
      return Bench.micros(Instant.parse(event.getString("occurredAt")));
    }
  }

  private CardRun(String api, String desk, VirtualCardControl card) {
    this.api = api;
    this.desk = desk;
    this.card = card;
  }

  static JsonObject run(Map<String, String> opts) throws Exception {
    String apiAddress = Bench.required(opts, "api");
    CardRun run =
        new CardRun(
            "http://" + apiAddress,
            opts.getOrDefault("desk", "uketsuke-1"),
            new VirtualCardControl(Bench.required(opts, "control")));
    String chart = Files.readString(Path.of(Bench.required(opts, "chart-token-file"))).trim();
    String reception = Files.readString(Path.of(Bench.required(opts, "reception-token-file"))).trim();
    Vertx vertx = Vertx.vertx();
    try {
      // Held in a field: Vert.x closes an unreferenced client, and its socket with it (1000).
      run.ws = vertx.createWebSocketClient();
      int colon = apiAddress.lastIndexOf(':');
      FeedConnection.open(
              run.ws,
              apiAddress.substring(0, colon),
              Integer.parseInt(apiAddress.substring(colon + 1)),
              chart,
              new JsonObject().put("types", new JsonArray(TYPES)),
              bytes -> run.received(bytes.toString(StandardCharsets.UTF_8)),
              code -> run.events.add(new Received(new JsonObject().put("type", "closed:" + code), 0)))
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      String loadBefore = Bench.loadAverage();
      run.link(chart, reception, opts.getOrDefault("patient", "P000001"), Files.readString(Path.of(Bench.required(opts, "body"))));
      JsonObject result = run.measure(Bench.intOpt(opts, "runs", 50), Bench.intOpt(opts, "warmup", 3));
      result.put("loadAverageBefore", loadBefore);
      return withBaselines(result, opts);
    } finally {
      vertx.close();
    }
  }

  private void received(String text) {
    long at = Bench.nowMicros();
    JsonObject m = new JsonObject(text);
    if ("event".equals(m.getString("type"))) {
      events.add(new Received(m.getJsonObject("event"), at));
    }
  }

  /** The chart checks and links the patient, then the desk links the card: later insertions check. */
  private void link(String chart, String reception, String patient, String body) throws Exception {
    JsonObject check = call("POST", "/api/v1/qualification-checks?wait=10", chart, body);
    call("PUT", "/api/v1/patients/" + patient + "/links/" + check.getString("id"), chart, null);
    card.send("insert");
    String task = null;
    for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); task == null; ) {
      JsonArray tasks = call("GET", "/api/v1/card-link-tasks?desk=" + desk, reception, null).getJsonArray("tasks");
      if (tasks != null && !tasks.isEmpty()) {
        task = tasks.getJsonObject(0).getString("id");
      } else if (System.nanoTime() > until) {
        throw new IllegalStateException("no card-link task at " + desk + " within 30 s: is the reader agent connected?");
      } else {
        Thread.sleep(200);
      }
    }
    call("POST", "/api/v1/card-link-tasks/" + task + "/link", reception,
        new JsonObject().put("chartPatientId", patient).encode());
    removeAndWait();
  }

  private void removeAndWait() throws Exception {
    card.send("remove");
    await(r -> r.type().equals("card.removed") && r.atDesk(desk), 15, "card.removed");
  }

  private JsonObject measure(int runs, int warmup) throws Exception {
    List<Long> total = new ArrayList<>();
    List<Long> agentSaw = new ArrayList<>();
    List<Long> toAnswer = new ArrayList<>();
    List<Long> delivery = new ArrayList<>();
    int failed = 0;
    for (int i = 0; i < warmup + runs; i++) {
      events.clear();
      long start = Bench.nowMicros();
      card.send("insert");
      Received inserted = null;
      Received answer = null;
      while (answer == null) {
        Received r = await(e -> e.atDesk(desk) || e.type().startsWith("closed:"), 30, "check.answered");
        if (r.type().equals("card.inserted") && inserted == null) {
          inserted = r;
        } else if ((r.type().equals("check.answered") || r.type().equals("check.failed"))
            && "card".equals(r.data().getString("source"))) {
          answer = r;
        }
      }
      if (i >= warmup) {
        if (answer.type().equals("check.failed")) {
          failed++;
        } else {
          total.add(answer.atMicros() - start);
          delivery.add(answer.atMicros() - answer.occurredMicros());
          if (inserted != null) {
            long saw = Bench.micros(Instant.parse(inserted.data().getString("occurredAt")));
            agentSaw.add(saw - start);
            toAnswer.add(answer.occurredMicros() - saw);
          }
        }
      }
      removeAndWait();
    }
    return new JsonObject()
        .put("what", "virtual card inserted (control channel) → check.answered received on the WebSocket")
        .put("warmup", warmup)
        .put("failedChecks", failed)
        .put("summary", Bench.summary(total))
        .put("samplesMs", Bench.samplesMs(total))
        .put("parts", new JsonObject()
            .put("insertToAgentSawCard", Bench.summary(agentSaw))
            .put("agentSawCardToAnswerCommitted", Bench.summary(toAnswer))
            .put("answerCommittedToWebSocket", Bench.summary(delivery)))
        .put("machine", Bench.machine());
  }

  private Received await(Predicate<Received> match, int seconds, String what) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      Received r = events.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (r == null) {
        throw new IllegalStateException("no " + what + " at " + desk + " within " + seconds + " s");
      }
      if (r.type().startsWith("closed:")) {
        throw new IllegalStateException("the WebSocket was closed: " + r.type());
      }
      if (match.test(r)) {
        return r;
      }
    }
  }

  private JsonObject call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path.replaceAll("\\?.*", "") + " → " + r.statusCode() + " " + r.body());
    }
    return r.body().isBlank() ? new JsonObject() : new JsonObject(r.body());
  }

  /** The same run's baselines beside the figure, and the target they set. */
  private static JsonObject withBaselines(JsonObject result, Map<String, String> opts) throws Exception {
    JsonObject detection = new JsonObject(Files.readString(Path.of(Bench.required(opts, "detection"))));
    JsonObject roundTrip = new JsonObject(Files.readString(Path.of(Bench.required(opts, "roundtrip"))));
    double det = detection.getJsonObject("summary").getDouble("p50Ms");
    double rt = roundTrip.getJsonObject("summary").getDouble("p50Ms");
    double target = Math.round((det + rt + 50) * 10) / 10.0;
    JsonObject s = result.getJsonObject("summary");
    double p50 = s.getDouble("p50Ms", Double.NaN);
    result.put("baselines", new JsonObject().put("pcscdDetection", detection).put("fileRoundTrip", roundTrip))
        .put("target", new JsonObject()
            .put("rule", "p50 ≤ pcscd detection p50 + file round trip p50 + 50 ms")
            .put("p50LimitMs", target)
            .put("met", p50 <= target));
    result.put("markdown", String.format(
        "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.1f ms | %.0f ms | %s | %s |",
        java.time.LocalDate.now(), s.getInteger("n"), p50, s.getDouble("p99Ms", Double.NaN), det, rt, target,
        p50 <= target ? "met" : "missed", result.getString("loadAverageBefore")));
    return result;
  }
}

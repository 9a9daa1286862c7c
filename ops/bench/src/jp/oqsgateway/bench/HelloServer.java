package jp.oqsgateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Baseline (a): a bare Vert.x HTTP server answering "hello", set up as the gateway's API server is
 * (http/HttpServers.listen): default Vert.x options, one server created outside any verticle (so
 * one event loop serves it, as one serves the gateway's API), HTTP/1.1 only, plain HTTP as the
 * bench's gateway serves its API on loopback (api.tls.enabled false). Writes its port into {@code
 * --out} and serves until the process is stopped (SIGTERM).
 */
final class HelloServer {
  private HelloServer() {}

  static JsonObject run(Map<String, String> opts) throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpServerOptions options =
        new HttpServerOptions().setHost("127.0.0.1").setPort(0).setHttp2ClearTextEnabled(false);
    HttpServer server = vertx.createHttpServer(options)
        .requestHandler(r -> r.response().putHeader("content-type", "text/plain").end("hello"))
        .listen()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    JsonObject started = new JsonObject().put("port", server.actualPort()).put("tls", false);
    Path out = Path.of(Bench.required(opts, "out"));
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.writeString(tmp, started.encode() + "\n");
    Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    new CountDownLatch(1).await();
    return started;
  }
}

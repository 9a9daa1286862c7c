package jp.oqsgateway.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RequestIdsTest {
  @Test
  void theRequestIdOfAnHttpRequestTravelsWithEventBusMessagesToTheConsumer(Vertx vertx) {
    RequestIds.propagateOn(vertx.eventBus());
    AtomicReference<String> seenByConsumer = new AtomicReference<>();
    vertx
        .eventBus()
        .<String>consumer(
            "test.echo",
            msg -> {
              seenByConsumer.set(RequestIds.current());
              msg.reply("ok");
            });
    var server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  RequestIds.bind(req.getHeader(RequestIds.HEADER));
                  vertx
                      .eventBus()
                      .request("test.echo", "hi")
                      .onComplete(
                          reply -> req.response().end(String.valueOf(RequestIds.current())),
                          failed -> req.response().setStatusCode(500).end(failed.toString()));
                })
            .listen(0, "127.0.0.1")
            .await();
    String idAfterReply =
        vertx
            .createHttpClient()
            .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
            // body() is asked for inside send()'s callback, on the connection's event loop: asked
            // for from this thread, after the response had already ended, it would never complete.
            .compose(
                r ->
                    r.putHeader(RequestIds.HEADER, "req-7")
                        .send()
                        .compose(HttpClientResponse::body))
            // An answer that never comes fails the test in seconds instead of hanging the build.
            .timeout(10, TimeUnit.SECONDS)
            .await()
            .toString();
    assertThat(seenByConsumer.get()).isEqualTo("req-7");
    assertThat(idAfterReply).isEqualTo("req-7");
  }

  @Test
  void outsideAnyRequestThereIsNoId() {
    assertThat(RequestIds.current()).isNull();
  }
}

package jp.oqsgateway.gateway.notify;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One webhook POST, safe to aim at a URL a caller chose:
 *
 * <ul>
 *   <li>the host is resolved and checked ({@link WebhookTargets}) at every attempt, and the
 *       connection goes to exactly the address checked (the request's {@code server}), while the
 *       {@code Host} header, TLS SNI and certificate host-name verification use the name in the
 *       URL. A name that re-resolves to a LAN address between two attempts (DNS rebinding) is
 *       refused before any connection;
 *   <li>redirects are never followed;
 *   <li>one deadline, {@code webhooks.timeout}, covers resolution, connect, TLS, sending and the
 *       answer's status line: a receiver that trickles bytes cannot hold an attempt open;
 *   <li>the answer's body is never read into memory: its bytes are dropped as they arrive, and a
 *       body still coming at the deadline, or longer than {@value #MAX_DRAINED_BYTES} bytes, has
 *       its connection reset.
 * </ul>
 *
 * <p>Runs on the relay's event loop; only resolution runs on a worker.
 */
final class WebhookPoster {
  static final long MAX_DRAINED_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final HttpClient client;
  private final WebhookTargets targets;
  private final Duration timeout;

  WebhookPoster(Vertx vertx, HttpClient client, WebhookTargets targets, Duration timeout) {
    this.vertx = vertx;
    this.client = client;
    this.targets = targets;
    this.timeout = timeout;
  }

  /**
   * The client deliveries go through: host names verified against the certificate, SNI always sent,
   * no redirects, the CAs of {@code webhooks.trust-ca} when set (else the JDK's), one connection
   * pool bounded by {@code webhooks.concurrency}.
   */
  static HttpClient client(Vertx vertx, RelayConfig config) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setVerifyHost(true)
            .setForceSni(true)
            .setMaxRedirects(0)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()));
    if (!config.rules().trustCa().isEmpty()) {
      PemTrustOptions trust = new PemTrustOptions();
      config.rules().trustCa().forEach(ca -> trust.addCertPath(ca.toString()));
      options.setTrustOptions(trust);
    }
    return vertx
        .httpClientBuilder()
        .with(options)
        .with(new PoolOptions().setHttp1MaxSize(config.concurrency()))
        .build();
  }

  /** The receiver's status code, or a failure {@link DeliveryError#of classified} by the caller. */
  Future<Integer> post(String url, MultiMap headers, Buffer body) {
    Promise<Integer> status = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    boolean[] ended = new boolean[1];
    long deadline =
        vertx.setTimer(
            timeout.toMillis(),
            id -> {
              status.tryFail(new TimeoutException("the attempt took longer than webhooks.timeout"));
              if (sent[0] != null && !ended[0]) {
                sent[0].reset();
              }
            });
    targets
        .resolve(url)
        .compose(
            resolved ->
                client.request(
                    new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setServer(
                            SocketAddress.inetSocketAddress(
                                new InetSocketAddress(
                                    resolved.address(), resolved.target().port())))
                        .setHost(resolved.target().host())
                        .setPort(resolved.target().port())
                        .setSsl(resolved.target().ssl())
                        .setURI(resolved.target().requestUri())
                        .setFollowRedirects(false)
                        .setConnectTimeout(timeout.toMillis())))
        .compose(
            request -> {
              sent[0] = request;
              if (status.future().isComplete()) {
                request.reset();
                return Future.failedFuture(new TimeoutException("deadline passed"));
              }
              request.headers().addAll(headers);
              return request.send(body);
            })
        .onSuccess(
            response -> {
              long[] drained = new long[1];
              response.exceptionHandler(e -> {}); // the status is what counts
              response.handler(
                  chunk -> {
                    drained[0] += chunk.length();
                    if (drained[0] > MAX_DRAINED_BYTES && !ended[0]) {
                      ended[0] = true;
                      sent[0].reset();
                    }
                  });
              response
                  .end()
                  .onComplete(
                      done -> {
                        ended[0] = true;
                        vertx.cancelTimer(deadline);
                      });
              status.tryComplete(response.statusCode());
            })
        .onFailure(
            e -> {
              vertx.cancelTimer(deadline);
              status.tryFail(e);
            });
    return status.future();
  }
}

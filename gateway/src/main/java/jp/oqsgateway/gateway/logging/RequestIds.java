package jp.oqsgateway.gateway.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The request id of the work in progress, kept in a Vert.x context-local so every log line of a
 * request carries it, and copied into event-bus message headers so it follows the work across
 * consumers.
 *
 * <p>Vert.x requires context locals to be registered before any Vert.x instance exists; the
 * documented way is a {@link VertxServiceProvider} declared in {@code META-INF/services}, which is
 * why this class implements that SPI (its {@code init} has nothing else to do).
 */
public final class RequestIds implements VertxServiceProvider {
  /** Header on HTTP requests/responses and event-bus messages. */
  public static final String HEADER = "X-Request-Id";

  private static final ContextLocal<String> CURRENT = ContextLocal.registerLocal(String.class);
  private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public void init(VertxBootstrap bootstrap) {
    // Registration happens in the static initializer, when the service loader loads this class.
  }

  /** A new random id, 16 hex characters. */
  public static String newId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The caller's id when it is a plain token (never keep arbitrary input). */
  public static Optional<String> acceptable(String fromCaller) {
    return fromCaller != null && ACCEPTABLE.matcher(fromCaller).matches()
        ? Optional.of(fromCaller)
        : Optional.empty();
  }

  /** The id of the current Vert.x context, or null outside one. */
  public static String current() {
    Context ctx = Vertx.currentContext();
    return ctx == null ? null : CURRENT.get(ctx);
  }

  /** Binds an id to the current context (an HTTP request's or a message's duplicated context). */
  public static void bind(String id) {
    Context ctx = Vertx.currentContext();
    if (ctx != null && id != null) {
      CURRENT.put(ctx, id);
    }
  }

  /** Makes every message sent from a context with an id carry it, and every consumer adopt it. */
  public static void propagateOn(EventBus bus) {
    bus.addOutboundInterceptor(
        delivery -> {
          String id = current();
          if (id != null && !delivery.message().headers().contains(HEADER)) {
            delivery.message().headers().add(HEADER, id);
          }
          delivery.next();
        });
    bus.addInboundInterceptor(
        delivery -> {
          String id = delivery.message().headers().get(HEADER);
          if (id != null) {
            bind(id);
          }
          delivery.next();
        });
  }
}

package jp.oqsgateway.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every response of a server, whatever handler ends it (including refusals and the
 * static web UI): the browser runs only the UI's own files, never inside a frame, sends no referrer
 * and does not guess content types. API responses (patient data) are never stored by a browser or a
 * proxy; nor are the UI's files, so an upgrade is seen at the next load (they are small and on the
 * LAN).
 */
final class SecurityHeaders implements Handler<RoutingContext> {
  /** Self only, no inline script or style, no plugins, no framing, no form posts elsewhere. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers
        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("Cross-Origin-Opener-Policy", "same-origin")
        .set("Cross-Origin-Resource-Policy", "same-origin")
        .set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        .set("Cache-Control", "no-store");
    ctx.next();
  }
}

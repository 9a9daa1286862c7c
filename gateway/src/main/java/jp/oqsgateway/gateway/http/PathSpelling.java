package jp.oqsgateway.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The API answers only the spelling of a path that its contract writes. A path under {@code /api}
 * (in any letter case) that another spelling would turn into a documented one — a trailing or
 * doubled slash, a {@code .} or {@code ..} segment, a backslash, a percent-encoded slash, backslash
 * or unreserved character (RFC 3986 §6.2.2.2), a {@code ;} parameter, a letter-case variant of the
 * prefix, dot segments before the prefix — is answered 404 before any other handler runs, so what
 * the access log, the metrics and the guard see is exactly what the handler serves. (The guard is
 * bound to each operation's route as well, so this is the second wall, not the only one.)
 */
final class PathSpelling implements Handler<RoutingContext> {
  private static final String PREFIX = "/api";

  @Override
  public void handle(RoutingContext ctx) {
    String raw = ctx.request().path();
    // Routed by its normalised form, a path that only reaches /api once its dot segments are
    // resolved (/./api/…, /x/../api/…, /%2e/api/…) is under the API too.
    if (raw != null && (underApi(raw) || underApi(ctx.normalizedPath())) && !isCanonical(raw)) {
      Problems.send(
          ctx,
          Problems.notFound(
              "no API operation at this path: write the path exactly as the API document does",
              null));
      return;
    }
    ctx.next();
  }

  private static boolean underApi(String raw) {
    if (raw == null) {
      return false;
    }
    String decoded = decodeLoosely(raw).replace('\\', '/');
    while (decoded.startsWith("//")) {
      decoded = decoded.substring(1);
    }
    String lower = decoded.toLowerCase(Locale.ROOT);
    return lower.equals(PREFIX) || lower.startsWith(PREFIX + "/") || lower.startsWith(PREFIX + ".");
  }

  /** True when {@code raw} is spelled as the contract spells paths (see the class comment). */
  static boolean isCanonical(String raw) {
    if (!raw.startsWith(PREFIX + "/")) {
      return false; // e.g. /API/v1/…, //api/v1/…, /%61pi/v1/…
    }
    if (raw.endsWith("/")
        || raw.contains("//")
        || raw.indexOf('\\') >= 0
        || raw.indexOf(';') >= 0) {
      return false;
    }
    for (String segment : raw.substring(1).split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
      if (i + 2 >= raw.length()) {
        return false;
      }
      int value = hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2));
      if (value < 0 || value == '/' || value == '\\' || value == '%' || isUnreserved(value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static int hex(char c) {
    int v = Character.digit(c, 16);
    return v < 0 ? -1000 : v;
  }

  /** Percent-decodes ASCII escapes only, leaving anything malformed as it is. */
  private static String decodeLoosely(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        int value = hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2));
        if (value >= 0 && value < 128) {
          out.append((char) value);
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}

package jp.oqsgateway.gateway.bootstrap;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;

/**
 * Reads the libpq-style URLs of {@code pg.url} and {@code pg.migration-url}, transport security
 * included: {@code sslmode} (default {@code verify-full} for any host but loopback) and {@code
 * sslrootcert} (a PEM file; default: the JVM's trusted authorities).
 */
public final class PgUrls {
  /** An IPv4 or IPv6 literal (never a name, which getByName would look up). */
  private static final Pattern LITERAL_ADDRESS =
      Pattern.compile("[0-9]+(\\.[0-9]+){3}|\\[?[0-9a-fA-F]*:[0-9a-fA-F:.]*]?");

  private PgUrls() {}

  /** Parses a URL; the password may also come from the URL's query (?password=). */
  public static PgEndpoint parse(String url) {
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    List<String> rest = new ArrayList<>();
    String sslMode = null;
    String rootCert = null;
    if (q >= 0) {
      for (String param : url.substring(q + 1).split("&")) {
        String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
        String value =
            param.contains("=")
                ? URLDecoder.decode(param.substring(param.indexOf('=') + 1), StandardCharsets.UTF_8)
                : "";
        switch (name) {
          case "sslmode" -> sslMode = value;
          case "sslrootcert" -> rootCert = value;
          default -> rest.add(param);
        }
      }
    }
    // Vert.x would send parameters it does not know to the server as session settings.
    PgConnectOptions o =
        PgConnectOptions.fromUri(rest.isEmpty() ? base : base + "?" + String.join("&", rest));
    SslMode mode;
    if (sslMode == null) {
      mode = isLoopback(o.getHost()) ? SslMode.DISABLE : SslMode.VERIFY_FULL;
    } else {
      try {
        mode = SslMode.of(sslMode.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "sslmode="
                + sslMode
                + " is not one of disable, allow, prefer, require, verify-ca, verify-full");
      }
    }
    return new PgEndpoint(
        o.getHost(),
        o.getPort(),
        o.getDatabase(),
        o.getUser(),
        o.getPassword(),
        mode,
        rootCert == null || rootCert.isBlank() ? null : Path.of(rootCert).toAbsolutePath());
  }

  /**
   * True for {@code localhost}, a loopback address written as such, and a Unix socket directory.
   * Names are not resolved: a name that happens to resolve to loopback counts as remote.
   */
  public static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost") || host.startsWith("/")) {
      return true;
    }
    if (!LITERAL_ADDRESS.matcher(host).matches()) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no DNS lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

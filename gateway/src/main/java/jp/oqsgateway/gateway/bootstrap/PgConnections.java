package jp.oqsgateway.gateway.bootstrap;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;

/**
 * The reactive client's connect options for an endpoint, with the same transport security JDBC gets
 * from {@link PgEndpoint#jdbcUrl()}: verify-ca checks the certificate chain against the root
 * certificate (or the JVM's authorities), verify-full also the host name; require, prefer and allow
 * encrypt without authenticating the server, as libpq and pgjdbc do.
 */
public final class PgConnections {
  private PgConnections() {}

  public static PgConnectOptions options(PgEndpoint endpoint) {
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(endpoint.host())
            .setPort(endpoint.port())
            .setDatabase(endpoint.database())
            .setUser(endpoint.user())
            .setPassword(endpoint.password())
            .setCachePreparedStatements(true)
            .setSslMode(endpoint.sslMode());
    if (endpoint.sslMode() == SslMode.DISABLE) {
      return options;
    }
    ClientSSLOptions ssl = new ClientSSLOptions();
    if (endpoint.verifiesServer()) {
      ssl.setTrustOptions(trusted(endpoint));
      // "" switches host name verification off; "HTTPS" checks the name against the certificate.
      ssl.setHostnameVerificationAlgorithm(
          endpoint.sslMode() == SslMode.VERIFY_FULL ? "HTTPS" : "");
    } else {
      ssl.setTrustAll(true).setHostnameVerificationAlgorithm("");
    }
    return options.setSslOptions(ssl);
  }

  private static TrustOptions trusted(PgEndpoint endpoint) {
    if (endpoint.rootCert() != null) {
      return new PemTrustOptions().addCertPath(endpoint.rootCert().toString());
    }
    try {
      TrustManagerFactory jvm =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jvm.init((KeyStore) null);
      return TrustOptions.wrap(jvm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the JVM's trusted certificates: " + e, e);
    }
  }
}

package jp.oqsgateway.gateway.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.tls.GatewayCa.ServerKeyCert;

/**
 * TLS of the API and management servers. Paths are absolute.
 *
 * @param configured the operator's own certificate and key ({@code tls.cert}, {@code tls.key});
 *     empty: the gateway's CA issues one ({@link #http()})
 * @param caDir the folder of the gateway's CA (shared with the agent link)
 * @param names what a certificate of the gateway's CA for these servers must name
 * @param extraNames {@code tls.names}: also named by the agent server's issued certificate
 * @param renewalCheckInterval how often the running gateway renews the CA's certificates
 */
public record TlsConfig(
    Optional<ServerKeyCert> configured,
    Path caDir,
    Set<String> names,
    List<String> extraNames,
    Duration renewalCheckInterval) {

  /** File name stem of the certificate the gateway's CA issues for the API and management. */
  public static final String HTTP_CERTIFICATE = "http";

  public TlsConfig {
    names = Collections.unmodifiableSet(new LinkedHashSet<>(names));
    extraNames = List.copyOf(extraNames);
  }

  /** The certificate the API and management servers use, configured or issued. */
  public ServerKeyCert http() {
    return configured.orElseGet(() -> GatewayCa.serverFiles(caDir, HTTP_CERTIFICATE));
  }
}

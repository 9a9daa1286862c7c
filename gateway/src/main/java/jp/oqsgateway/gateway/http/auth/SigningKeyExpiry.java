package jp.oqsgateway.gateway.http.auth;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the gateway's token signing key should be replaced (its creation time plus {@code
 * auth.signing-key-lifetime}), as the gauge {@code
 * oqsgw_auth_signing_key_expiry_timestamp_seconds{algorithm}}: the series of the configured
 * algorithm carries the date, the other one 0. Read at start, from the key the gateway signs with
 * until it restarts. The series carry dates only: no key material, no key id.
 */
public final class SigningKeyExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeyExpiry.class);
  private static final String[] ALGORITHMS = {"ES256", "RS256"};

  private final Map<String, AtomicLong> expiry = new ConcurrentHashMap<>();

  public SigningKeyExpiry(MeterRegistry registry) {
    for (String algorithm : ALGORITHMS) {
      AtomicLong at = expiry.computeIfAbsent(algorithm, a -> new AtomicLong());
      // Held strongly: Micrometer keeps a gauge's object weakly, and nothing else keeps this one
      // once the start is over; after a collection the series read NaN and vanished.
      Gauge.builder("oqsgw.auth.signing.key.expiry.timestamp", at, AtomicLong::get)
          .strongReference(true)
          .description(
              "When the token signing key reaches auth.signing-key-lifetime and should be rotated"
                  + " (0: the gateway does not sign with this algorithm)")
          .tag("algorithm", algorithm)
          .baseUnit("seconds")
          .register(registry);
    }
  }

  /**
   * Reads the signing key of {@code config} (created first when missing) and publishes its expiry;
   * a key already past it is named in a warning. Blocking (key files).
   *
   * @throws jp.oqsgateway.settings.ConfigException when the key folder cannot be used
   */
  public Instant read(AuthConfig config) {
    KeyDirectory.SigningKey key =
        new KeyDirectory(config.keysDir()).loadOrCreate(config.algorithm());
    Instant at = key.created().plus(config.signingKeyLifetime());
    expiry.get(config.algorithm()).set(at.getEpochSecond());
    if (at.isBefore(Instant.now())) {
      LOG.atWarn()
          .addKeyValue("kid", key.keyId())
          .log(
              "the token signing key is older than auth.signing-key-lifetime (due {}): replace"
                  + " it with oqsgw keys rotate (docs/OPERATIONS.md)",
              at);
    }
    return at;
  }
}

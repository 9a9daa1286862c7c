package jp.oqsgateway.gateway.http.auth;

import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.oqsgateway.gateway.http.auth.KeyDirectory.RetiredKey;
import jp.oqsgateway.gateway.http.auth.KeyDirectory.VerificationKey;
import jp.oqsgateway.settings.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every key a token may be verified with: the gateway's own public keys, the public keys {@code
 * oqsgw keys rotate} retired until {@link AuthConfig#retiredKeyTrust()} after their retirement, the
 * configured trusted public keys and, only when {@code auth.hs256-secret-file} is set, the HS256
 * secret.
 */
final class KeyRing {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
  private static final AtomicBoolean HS256_WARNED = new AtomicBoolean();
  private static final int MIN_SECRET_BYTES = 32;

  private final List<VerificationKey> publicKeys;
  private final Map<String, Instant> retiredUntil;
  private final Optional<String> hs256Secret;

  private KeyRing(
      List<VerificationKey> publicKeys,
      Map<String, Instant> retiredUntil,
      Optional<String> hs256Secret) {
    this.publicKeys = List.copyOf(publicKeys);
    this.retiredUntil = Map.copyOf(retiredUntil);
    this.hs256Secret = hs256Secret;
  }

  /**
   * Reads the keys, creating the gateway's own pair when missing. Blocking (file I/O).
   *
   * @throws ConfigException naming the key whose file cannot be used
   */
  static KeyRing load(AuthConfig config, Clock clock) {
    KeyDirectory own = new KeyDirectory(config.keysDir());
    own.loadOrCreate(config.algorithm());
    Map<String, VerificationKey> byId = new LinkedHashMap<>();
    for (VerificationKey key : own.publicKeys()) {
      byId.putIfAbsent(key.keyId(), key);
    }
    Map<String, Instant> retiredUntil = new HashMap<>();
    for (RetiredKey retired : own.retiredKeys()) {
      Instant until = retired.retired().plus(config.retiredKeyTrust());
      String keyId = retired.key().keyId();
      if (until.isAfter(clock.instant()) && !byId.containsKey(keyId)) {
        byId.put(keyId, retired.key());
        retiredUntil.put(keyId, until);
      }
    }
    for (Path file : config.trustedPublicKeys()) {
      VerificationKey key = trusted(file);
      byId.putIfAbsent(key.keyId(), key);
    }
    Optional<String> secret = config.hs256SecretFile().map(KeyRing::secret);
    if (secret.isPresent() && HS256_WARNED.compareAndSet(false, true)) {
      LOG.atWarn()
          .addKeyValue("file", config.hs256SecretFile().get())
          .log(
              "HS256 tokens are accepted (auth.hs256-secret-file is set): anyone holding the shared"
                  + " secret can mint tokens for any role");
    }
    return new KeyRing(new ArrayList<>(byId.values()), retiredUntil, secret);
  }

  /**
   * The retired keys still trusted, each with the end of its trust: a gateway running past it
   * refuses the key's tokens without a restart.
   */
  Map<String, Instant> retiredUntil() {
    return retiredUntil;
  }

  /** The algorithms a token may use: those of the keys, never {@code none}. */
  Set<String> algorithms() {
    Set<String> algorithms = new TreeSet<>();
    publicKeys.forEach(k -> algorithms.add(k.algorithm()));
    hs256Secret.ifPresent(s -> algorithms.add("HS256"));
    return algorithms;
  }

  /** Options for a verify-only {@code JWTAuth}: no private key, issuer and audience enforced. */
  JWTAuthOptions verificationOptions(AuthConfig config) {
    JWTAuthOptions options =
        new JWTAuthOptions()
            .setJWTOptions(
                new JWTOptions()
                    .setIssuer(config.issuer())
                    .setAudience(List.of(config.audience()))
                    .setLeeway((int) config.clockSkew().toSeconds()));
    for (VerificationKey key : publicKeys) {
      options.addPubSecKey(
          new PubSecKeyOptions()
              .setAlgorithm(key.algorithm())
              .setId(key.keyId())
              .setBuffer(key.publicPem()));
    }
    hs256Secret.ifPresent(
        secret ->
            options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return options;
  }

  private static VerificationKey trusted(Path file) {
    try {
      String pem = Files.readString(file, StandardCharsets.US_ASCII);
      PublicKey key = Pem.publicKey(pem);
      return new VerificationKey(Pem.algorithmOf(key), Pem.keyId(key), pem, file.toString());
    } catch (IOException e) {
      throw new ConfigException("auth.trusted-public-keys", null, file + " cannot be read: " + e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "auth.trusted-public-keys",
          null,
          file + " is not a usable public key: " + e.getMessage());
    }
  }

  private static String secret(Path file) {
    String secret;
    try {
      secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException("auth.hs256-secret-file", null, file + " cannot be read: " + e);
    }
    if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new ConfigException(
          "auth.hs256-secret-file",
          null,
          file + " must hold a secret of at least " + MIN_SECRET_BYTES + " bytes");
    }
    return secret;
  }
}

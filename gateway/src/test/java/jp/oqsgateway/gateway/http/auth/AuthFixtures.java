package jp.oqsgateway.gateway.http.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.oqsgateway.gateway.testsupport.RecordCopies;

/** Configurations and hand-made tokens for the auth tests; every key is generated per test. */
final class AuthFixtures {
  static final String ISSUER = "oqs-gateway";
  static final String AUDIENCE = "oqs-gateway-api";

  private AuthFixtures() {}

  static AuthConfig config(Path dir) {
    return new AuthConfig(
        true,
        dir.resolve("keys"),
        "ES256",
        ISSUER,
        AUDIENCE,
        List.of(),
        Optional.empty(),
        100,
        Duration.ofSeconds(30),
        TokenLifetimes.defaults(),
        Duration.ofSeconds(5),
        Duration.ofDays(365));
  }

  static AuthConfig withAlgorithm(AuthConfig c, String algorithm) {
    return RecordCopies.with(c, Map.of("algorithm", algorithm));
  }

  static AuthConfig withTrusted(AuthConfig c, Path publicKeyPem) {
    return RecordCopies.with(c, Map.of("trustedPublicKeys", List.of(publicKeyPem)));
  }

  static AuthConfig withHs256(AuthConfig c, Path secretFile) {
    return RecordCopies.with(c, Map.of("hs256SecretFile", Optional.of(secretFile)));
  }

  static AuthConfig withCacheSize(AuthConfig c, int size) {
    return RecordCopies.with(c, Map.of("tokenCacheSize", size));
  }

  static AuthConfig withLifetimes(AuthConfig c, TokenLifetimes lifetimes) {
    return RecordCopies.with(c, Map.of("lifetimes", lifetimes));
  }

  static AuthConfig withCacheTrust(AuthConfig c, Duration trust) {
    return RecordCopies.with(c, Map.of("tokenCacheTrust", trust));
  }

  static AuthConfig disabled(AuthConfig c) {
    return RecordCopies.with(c, Map.of("enabled", false));
  }

  /** Claims the gateway would accept: right issuer and audience, an hour left, role chart. */
  static JsonObject validClaims() {
    Instant now = Instant.now();
    return new JsonObject()
        .put("iss", ISSUER)
        .put("aud", AUDIENCE)
        .put("sub", "karte-01")
        .put("roles", new JsonArray().add("chart"))
        .put("iat", now.getEpochSecond())
        .put("exp", now.plusSeconds(3600).getEpochSecond())
        .put("jti", "test-jti");
  }

  /** {@link #validClaims()} without these claims. */
  static JsonObject validClaimsWithout(String... names) {
    JsonObject claims = validClaims();
    for (String name : names) {
      claims.remove(name);
    }
    return claims;
  }

  /** These claims signed by hand (ES256) with the gateway's own key, its key id in the header. */
  static String signedWithOwnKey(AuthConfig c, JsonObject claims) {
    KeyDirectory.SigningKey key = new KeyDirectory(c.keysDir()).loadOrCreate(c.algorithm());
    return sign("ES256", key.keyId(), claims, Pem.privateKey(key.privatePem(), "ES256"));
  }

  static KeyPair newKeyPair(String algorithm) {
    return KeyPairs.generate(algorithm);
  }

  static String publicPem(KeyPair pair) {
    return Pem.encode(Pem.PUBLIC, pair.getPublic().getEncoded());
  }

  /** A compact JWS signed by hand with the JDK, independent of vertx-auth-jwt. */
  static String sign(String alg, String kid, JsonObject claims, PrivateKey key) {
    String input = signingInput(alg, kid, claims);
    try {
      Signature s =
          Signature.getInstance(
              alg.equals("ES256") ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String signHs256(JsonObject claims, byte[] secret) {
    String input = signingInput("HS256", null, claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none}: an unsigned token with an empty signature part. */
  static String unsigned(JsonObject claims) {
    return signingInput("none", null, claims) + ".";
  }

  private static String signingInput(String alg, String kid, JsonObject claims) {
    JsonObject header = new JsonObject().put("typ", "JWT").put("alg", alg);
    if (kid != null) {
      header.put("kid", kid);
    }
    return b64(header.encode().getBytes(StandardCharsets.UTF_8))
        + "."
        + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The claims part of a token, decoded. */
  static JsonObject claimsOf(String token) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  static JsonObject headerOf(String token) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
  }
}

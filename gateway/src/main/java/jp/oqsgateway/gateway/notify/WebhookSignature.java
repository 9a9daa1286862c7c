package jp.oqsgateway.gateway.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC that lets a receiver tell a webhook came from this gateway and was not replayed later:
 * {@code X-OQSGW-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>} with {@code
 * X-OQSGW-Timestamp} in epoch seconds (docs/EVENTS.md shows the receiver's side).
 */
public final class WebhookSignature {
  public static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {}

  /** A new subscription secret: 32 random bytes, base64url, prefixed so it is recognisable. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The header value for this body sent at {@code timestamp} (epoch seconds). */
  public static String sign(String secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Whether {@code header} is the signature of this body and timestamp (constant-time). */
  public static boolean verify(String secret, long timestamp, byte[] body, String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.US_ASCII));
  }
}

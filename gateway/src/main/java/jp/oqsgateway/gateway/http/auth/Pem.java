package jp.oqsgateway.gateway.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text of keys (PKCS#8 private, X.509 SubjectPublicKeyInfo public) and what they are for. */
final class Pem {
  static final String PRIVATE = "PRIVATE KEY";
  static final String PUBLIC = "PUBLIC KEY";
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private Pem() {}

  static String encode(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** The DER bytes of the first block of this type. */
  static byte[] decode(String type, String pem) {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        return Base64.getMimeDecoder().decode(m.group(2));
      }
    }
    throw new IllegalArgumentException("no '" + type + "' PEM block");
  }

  /** The JWS algorithm the key signs or verifies: ES256 (EC P-256) or RS256 (RSA ≥ 2048 bits). */
  static String algorithmOf(PublicKey key) {
    if (key instanceof ECPublicKey ec
        && ec.getParams().getCurve().getField().getFieldSize() == 256) {
      return "ES256";
    }
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
      return "RS256";
    }
    throw new IllegalArgumentException("must be an EC P-256 or an RSA (2048 bits or more) key");
  }

  static PublicKey publicKey(String pem) {
    byte[] der = decode(PUBLIC, pem);
    for (String type : new String[] {"EC", "RSA"}) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next key type
      }
    }
    throw new IllegalArgumentException("not an EC or RSA public key");
  }

  static PrivateKey privateKey(String pem, String algorithm) {
    try {
      return KeyFactory.getInstance(keyType(algorithm))
          .generatePrivate(new PKCS8EncodedKeySpec(decode(PRIVATE, pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PKCS#8 " + keyType(algorithm) + " private key");
    }
  }

  static String keyType(String algorithm) {
    return algorithm.startsWith("ES") ? "EC" : "RSA";
  }

  /**
   * A key id for the {@code kid} header: the start of the SHA-256 of the public key, so the same
   * key gets the same id wherever it is configured.
   */
  static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

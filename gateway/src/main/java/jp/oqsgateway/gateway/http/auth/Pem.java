package jp.oqsgateway.gateway.http.auth;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import jp.oqsgateway.gateway.pem.PemReader;
import jp.oqsgateway.gateway.pem.PemWriter;

/**
 * PEM text of keys (PKCS#8 private, X.509 SubjectPublicKeyInfo public) and what they are for; read
 * by the one {@link PemReader}.
 */
final class Pem {
  static final String PRIVATE = "PRIVATE KEY";
  static final String PUBLIC = "PUBLIC KEY";

  private Pem() {}

  static String encode(String type, byte[] der) {
    return PemWriter.block(type, der);
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
    PublicKey key;
    try {
      key = PemReader.publicKey(pem, "the public key");
    } catch (IOException e) {
      throw new IllegalArgumentException("no 'PUBLIC KEY' PEM block");
    }
    if (!(key instanceof ECPublicKey) && !(key instanceof RSAPublicKey)) {
      throw new IllegalArgumentException("not an EC or RSA public key");
    }
    return key;
  }

  static PrivateKey privateKey(String pem, String algorithm) {
    PrivateKey key;
    try {
      key = PemReader.privateKey(pem, "the private key");
    } catch (IOException e) {
      throw new IllegalArgumentException("no 'PRIVATE KEY' PEM block");
    }
    if (!key.getAlgorithm().equals(keyType(algorithm))) {
      throw new IllegalArgumentException("not a PKCS#8 " + keyType(algorithm) + " private key");
    }
    return key;
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

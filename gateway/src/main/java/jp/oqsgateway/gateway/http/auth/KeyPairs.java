package jp.oqsgateway.gateway.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/** Making a signing key pair, and checking that two keys are one pair, with the JDK. */
final class KeyPairs {
  private KeyPairs() {}

  static KeyPair generate(String algorithm) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(Pem.keyType(algorithm));
      if (algorithm.equals("ES256")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator.initialize(3072);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate " + algorithm + " keys", e);
    }
  }

  static void checkPair(String algorithm, PrivateKey privateKey, PublicKey publicKey) {
    byte[] probe = "oqs-gateway key pair check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(javaSignature(algorithm));
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(javaSignature(algorithm));
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException("the private and the public key are not one pair");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the keys do not fit " + algorithm + ": " + e.getMessage());
    }
  }

  private static String javaSignature(String algorithm) {
    return algorithm.equals("ES256") ? "SHA256withECDSA" : "SHA256withRSA";
  }
}

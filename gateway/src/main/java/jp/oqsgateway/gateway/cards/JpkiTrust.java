package jp.oqsgateway.gateway.cards;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The JPKI user-authentication CA certificates a My Number card's certificate must chain to ({@code
 * agents.jpki-ca}; the simulator's test CA in the demo and tests), and the checks made with them:
 * the certificate (signature, validity dates, PKIX path to one of the configured certificates,
 * revocation not checked: JPKI's CRL/OCSP service is for certified operators only) and the card's
 * signature over a challenge.
 */
public final class JpkiTrust {
  private final Set<TrustAnchor> anchors;

  private JpkiTrust(Set<TrustAnchor> anchors) {
    this.anchors = anchors;
  }

  /** The certificates of these PEM (or DER) files. Blocking: reads files. */
  public static JpkiTrust load(List<Path> files) {
    Set<TrustAnchor> anchors = new HashSet<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (var c : cf.generateCertificates(in)) {
          anchors.add(new TrustAnchor((X509Certificate) c, null));
        }
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException(
            "agents.jpki-ca: cannot read CA certificates from " + file + ": " + e.getMessage(), e);
      }
    }
    return new JpkiTrust(Set.copyOf(anchors));
  }

  /** How many CA certificates are trusted; 0: no card verifies. */
  public int size() {
    return anchors.size();
  }

  /** A card's certificate that verified, and its SHA-256 fingerprint (hex, lowercase). */
  public record Verified(X509Certificate certificate, String fingerprint) {}

  /** Why a certificate was refused: for the reply and the log (no certificate content). */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
    }
  }

  /** Checks the DER certificate at {@code now}. */
  public Verified verify(byte[] der, Instant now) throws Refused {
    X509Certificate cert;
    try {
      cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new Refused("the certificate cannot be decoded");
    }
    if (anchors.isEmpty()) {
      throw new Refused("no JPKI CA is configured (agents.jpki-ca)");
    }
    try {
      cert.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw new Refused("the certificate has expired");
    } catch (CertificateNotYetValidException e) {
      throw new Refused("the certificate is not valid yet");
    }
    try {
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX")
          .validate(
              CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
    } catch (CertPathValidatorException e) {
      throw new Refused("the certificate is not issued by the configured JPKI CA");
    } catch (GeneralSecurityException e) {
      throw new Refused("the certificate cannot be checked: " + e.getClass().getSimpleName());
    }
    return new Verified(cert, fingerprint(der));
  }

  /**
   * True when {@code signature} is the card's RSA PKCS#1 v1.5 signature over the SHA-256 DigestInfo
   * of {@code nonce} (what JPKI's COMPUTE DIGITAL SIGNATURE gives), i.e. SHA256withRSA.
   */
  public static boolean signs(X509Certificate certificate, byte[] nonce, byte[] signature) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(certificate.getPublicKey());
      s.update(nonce);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** SHA-256 of the DER certificate, lowercase hex: what identifies a card. */
  public static String fingerprint(byte[] der) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

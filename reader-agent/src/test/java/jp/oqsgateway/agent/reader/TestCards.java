package jp.oqsgateway.agent.reader;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import jp.oqsgateway.vcard.CardMaterial;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Throwaway card material, made at run time, fictitious names only; no key is committed. */
public final class TestCards {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestCards() {}

  /** A card whose certificate is valid from yesterday for a year. */
  public static CardMaterial valid() {
    return card(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
  }

  /** A card whose certificate expired yesterday. */
  public static CardMaterial expired() {
    return card(Instant.now().minus(Duration.ofDays(400)), Instant.now().minus(Duration.ofDays(1)));
  }

  private static CardMaterial card(Instant from, Instant to) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name("CN=TEST" + new BigInteger(32, RANDOM) + ",OU=Test card,C=JP");
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          name,
                          new BigInteger(64, RANDOM),
                          Date.from(from),
                          Date.from(to),
                          name,
                          kp.getPublic())
                      .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
      return new CardMaterial(cert, kp.getPrivate(), Optional.empty());
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}

package jp.oqsgateway.vcard;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway test PKI: a CA and RSA-2048 card keys made at run time, never committed. Fictitious
 * names only. Key generation costs ~0.1–1 s, so tests share the cards of one class.
 */
final class TestCards {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair caKeys;
  private final X509Certificate caCert;

  private TestCards() throws GeneralSecurityException {
    caKeys = rsa();
    X500Name name = new X500Name("CN=Virtual Card Test CA (not JPKI),O=Test,C=JP");
    caCert = certificate(name, name, caKeys.getPublic(), caKeys.getPrivate(), true);
  }

  static TestCards newCa() {
    try {
      return new TestCards();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  X509Certificate caCertificate() {
    return caCert;
  }

  /** A new card: key pair and certificate issued by this CA. */
  CardMaterial newCard() {
    try {
      KeyPair kp = rsa();
      X509Certificate cert =
          certificate(
              new X500Name("CN=Virtual Card Test CA (not JPKI),O=Test,C=JP"),
              new X500Name("CN=TEST" + new BigInteger(32, RANDOM) + ",OU=Test card,C=JP"),
              kp.getPublic(),
              caKeys.getPrivate(),
              false);
      return new CardMaterial(cert, kp.getPrivate(), Optional.of(caCert));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes cert.pem, key.pem (PKCS#1, as BouncyCastle's PEM writer does) and ca.pem. */
  static Path writePemFolder(CardMaterial card, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cert.pem"), pem(card.authCertificate()));
    Files.writeString(dir.resolve("key.pem"), pem(card.authKey()));
    Files.writeString(dir.resolve("ca.pem"), pem(card.caCertificate().orElseThrow()));
    return dir;
  }

  /** The gateway simulator CA's layout: {@code <ca>/ca.crt.pem} and {@code <ca>/cards/<id>.pem}. */
  static Path writeSimulatorLayout(CardMaterial card, Path caDir, String personId)
      throws IOException {
    Files.createDirectories(caDir.resolve("cards"));
    Files.writeString(caDir.resolve("ca.crt.pem"), pem(card.caCertificate().orElseThrow()));
    Path file = caDir.resolve("cards").resolve(personId + ".pem");
    Files.writeString(file, pem(card.authCertificate()) + pem(card.authKey()));
    return file;
  }

  static Path writePkcs12(CardMaterial card, Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        CardMaterial.P12_ALIAS,
        card.authKey(),
        password,
        new Certificate[] {card.authCertificate(), card.caCertificate().orElseThrow()});
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password);
    }
    return file;
  }

  private static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o);
    }
    return w.toString();
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate certificate(
      X500Name issuer, X500Name subject, java.security.PublicKey key, PrivateKey signer, boolean ca)
      throws GeneralSecurityException {
    try {
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(64, RANDOM),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(365))),
              subject,
              key);
      b.addExtension(
          Extension.basicConstraints,
          true,
          ca ? new BasicConstraints(0) : new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    } catch (org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.cert.CertIOException e) {
      throw new GeneralSecurityException(e);
    }
  }
}

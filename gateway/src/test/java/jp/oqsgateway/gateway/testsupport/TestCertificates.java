package jp.oqsgateway.gateway.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority generated for one test, and server certificates it signs (PEM). */
public final class TestCertificates {
  private static final Pattern IP = Pattern.compile("[0-9.]+");

  private final KeyPair key;
  private final X509Certificate certificate;

  private TestCertificates(KeyPair key, X509Certificate certificate) {
    this.key = key;
    this.certificate = certificate;
  }

  /** A new self-signed authority. */
  public static TestCertificates authority(String name) {
    try {
      KeyPair ca = ecKeyPair();
      X500Name subject = new X500Name("CN=" + name);
      JcaX509v3CertificateBuilder b = builder(subject, subject, ca);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new TestCertificates(ca, sign(b, ca.getPrivate()));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The authority's certificate, PEM. */
  public String certificatePem() {
    return pem(certificate);
  }

  /** A server certificate (PEM) for these names or IP addresses, and its key (PKCS#8 PEM). */
  public ServerCertificate server(String... names) {
    try {
      KeyPair server = ecKeyPair();
      JcaX509v3CertificateBuilder b =
          builder(
              X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
              new X500Name("CN=" + names[0]),
              server);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      GeneralName[] sans = new GeneralName[names.length];
      for (int i = 0; i < names.length; i++) {
        sans[i] =
            new GeneralName(
                IP.matcher(names[i]).matches() ? GeneralName.iPAddress : GeneralName.dNSName,
                names[i]);
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      X509Certificate cert = sign(b, key.getPrivate());
      return new ServerCertificate(pem(cert), pem(server.getPrivate()));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  public record ServerCertificate(String certificatePem, String keyPem) {}

  private static JcaX509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair subjectKey) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(96, new SecureRandom()).setBit(95),
        Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(30))),
        subject,
        subjectKey.getPublic());
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  private static String pem(X509Certificate cert) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(cert);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  private static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}

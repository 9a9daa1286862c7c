package jp.oqsgateway.gateway.pem;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The one reader of PEM text in the project: Bouncy Castle's {@link PEMParser} turned into JDK keys
 * and certificates by {@link JcaPEMKeyConverter}. Private keys in either form Bouncy Castle and
 * OpenSSL write them (PKCS#1 {@code RSA PRIVATE KEY} / {@code EC PRIVATE KEY}, or PKCS#8), public
 * keys as X.509 {@code PUBLIC KEY}, certificates in file order. Encrypted keys are not read.
 *
 * <p>Every {@code what} names the file or its purpose in an error, never its contents.
 */
public final class PemReader {
  private PemReader() {}

  /** The first private key in {@code text}. */
  public static PrivateKey privateKey(String text, String what) throws IOException {
    JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
    for (Object o : objects(text, what)) {
      if (o instanceof PEMKeyPair kp) {
        return conv.getKeyPair(kp).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
    }
    throw new IOException("no private key in " + what);
  }

  /** The first public key in {@code text}. */
  public static PublicKey publicKey(String text, String what) throws IOException {
    for (Object o : objects(text, what)) {
      if (o instanceof SubjectPublicKeyInfo info) {
        return new JcaPEMKeyConverter().getPublicKey(info);
      }
    }
    throw new IOException("no public key in " + what);
  }

  /** The first certificate in {@code text}. */
  public static X509Certificate certificate(String text, String what) throws IOException {
    return certificates(text, what).get(0);
  }

  /** Every certificate in {@code text}, in order; at least one. */
  public static List<X509Certificate> certificates(String text, String what) throws IOException {
    List<X509Certificate> found = new ArrayList<>();
    JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
    for (Object o : objects(text, what)) {
      if (o instanceof X509CertificateHolder h) {
        try {
          found.add(conv.getCertificate(h));
        } catch (CertificateException e) {
          throw new IOException("unreadable certificate in " + what, e);
        }
      }
    }
    if (found.isEmpty()) {
      throw new IOException("no certificate in " + what);
    }
    return found;
  }

  private static List<Object> objects(String text, String what) throws IOException {
    List<Object> objects = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(text))) {
      Object o;
      while ((o = p.readObject()) != null) {
        objects.add(o);
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException("unreadable PEM in " + what, e);
    }
    return objects;
  }
}

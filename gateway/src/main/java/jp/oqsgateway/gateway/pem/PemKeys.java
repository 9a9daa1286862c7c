package jp.oqsgateway.gateway.pem;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Private keys read from PEM text, in either form BouncyCastle writes them (PKCS#1 or PKCS#8). */
public final class PemKeys {
  private PemKeys() {}

  /**
   * The first private key in {@code text}.
   *
   * @param what names the file or its purpose in the error, never its contents
   */
  public static PrivateKey privateKey(String text, String what) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(text))) {
      Object o;
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      while ((o = p.readObject()) != null) {
        if (o instanceof PEMKeyPair kp) {
          return conv.getKeyPair(kp).getPrivate();
        }
        if (o instanceof PrivateKeyInfo info) {
          return conv.getPrivateKey(info);
        }
      }
    }
    throw new IOException("no private key in " + what);
  }
}

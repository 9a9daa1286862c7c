package jp.oqsgateway.gateway.pem;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** PEM text, the counterpart of {@link PemReader}. */
public final class PemWriter {
  private PemWriter() {}

  /**
   * A certificate, key or key pair as Bouncy Castle writes it (an RSA private key as PKCS#1 {@code
   * RSA PRIVATE KEY}).
   */
  public static String of(Object certificateOrKey) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(certificateOrKey);
    }
    return w.toString();
  }

  /** One block of this type around the DER bytes, e.g. {@code PRIVATE KEY} for PKCS#8. */
  public static String block(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}

package jp.oqsgateway.agent.jpki;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import jp.oqsgateway.agentprotocol.ErrorKind;

/** The 利用者証明用電子証明書 read from a card: its DER and the parsed certificate. */
public record AuthCertificate(byte[] der, X509Certificate certificate) {
  public AuthCertificate {
    der = der.clone();
  }

  @Override
  public byte[] der() {
    return der.clone();
  }

  public static AuthCertificate parse(byte[] der) throws JpkiException {
    try {
      X509Certificate c =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      return new AuthCertificate(der, c);
    } catch (CertificateException | ClassCastException e) {
      throw new JpkiException(ErrorKind.UNREADABLE, "the certificate does not parse");
    }
  }

  /** Past its notAfter at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return now.isAfter(certificate.getNotAfter().toInstant());
  }
}

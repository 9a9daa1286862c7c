package jp.oqsgateway.gateway.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class PemReaderTest {

  @Test
  void readsAPkcs1RsaKeyAndTheCertificateBesideItFromOneFile() throws Exception {
    KeyPair rsa = pair("RSA");
    X509Certificate cert = selfSigned(rsa, "SHA256withRSA");
    String pem = pem(cert) + pem(rsa.getPrivate());

    assertThat(pem).contains("BEGIN RSA PRIVATE KEY");
    assertThat(PemReader.privateKey(pem, "card.pem")).isEqualTo(rsa.getPrivate());
    assertThat(PemReader.certificate(pem, "card.pem")).isEqualTo(cert);
  }

  @Test
  void readsPkcs8EcKeysPublicKeysAndEveryCertificateInOrder() throws Exception {
    KeyPair ec = pair("EC");
    X509Certificate first = selfSigned(ec, "SHA256withECDSA");
    X509Certificate second = selfSigned(pair("EC"), "SHA256withECDSA");
    String pkcs8 = pem(new JcaPKCS8Generator(ec.getPrivate(), null).generate());

    assertThat(pkcs8).contains("BEGIN PRIVATE KEY");
    assertThat(PemReader.privateKey(pkcs8, "key.pem")).isEqualTo(ec.getPrivate());
    assertThat(PemReader.publicKey(pem(ec.getPublic()), "pub.pem")).isEqualTo(ec.getPublic());
    assertThat(PemReader.certificates(pem(first) + pem(second), "chain.pem"))
        .containsExactly(first, second);
  }

  @Test
  void aFileWithoutWhatIsAskedForIsRefusedNamingTheFileNotItsContents() throws Exception {
    String onlyACertificate = pem(selfSigned(pair("EC"), "SHA256withECDSA"));

    assertThatThrownBy(() -> PemReader.privateKey(onlyACertificate, "ca.pem"))
        .isInstanceOf(IOException.class)
        .hasMessage("no private key in ca.pem");
    assertThatThrownBy(() -> PemReader.certificates("not pem at all", "x.pem"))
        .isInstanceOf(IOException.class)
        .hasMessage("no certificate in x.pem");
  }

  private static KeyPair pair(String algorithm) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    g.initialize("RSA".equals(algorithm) ? 2048 : 256);
    return g.generateKeyPair();
  }

  private static X509Certificate selfSigned(KeyPair kp, String signature) throws Exception {
    X500Name name = new X500Name("CN=pem test");
    long now = System.currentTimeMillis();
    var builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now),
            new Date(now - 60_000),
            new Date(now + 3_600_000),
            name,
            kp.getPublic());
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder(signature).build(kp.getPrivate())));
  }

  private static String pem(Object o) throws IOException {
    return PemWriter.of(o);
  }
}

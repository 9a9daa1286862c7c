package jp.oqsgateway.gateway.oqs.simulator;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;
import jp.oqsgateway.gateway.pem.PemReader;
import jp.oqsgateway.gateway.pem.PemWriter;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test CA that plays JPKI's 利用者証明用 (user authentication) CA for simulated My Number cards. RSA
 * 2048 / SHA256withRSA like the real card (docs/PCSC.md §7). Persisted as PEM under {@code
 * <root>/.simulator/ca/} and created on first use; every person's card key and certificate are
 * created on first request and kept under {@code cards/}. As with JPKI user-authentication
 * certificates, the subject carries no name: CN is an opaque serial; {@code serials.properties}
 * maps the certificate serial to the person id. Never a real JPKI trust anchor.
 */
public final class SimulatorJpkiCa {
  /** A virtual card's authentication key pair. */
  public record VirtualCard(String personId, X509Certificate certificate, PrivateKey privateKey) {}

  private static final String SIG = "SHA256withRSA";
  private static final X500Name ISSUER =
      new X500Name("CN=OQS Gateway Simulator User Authentication CA (not JPKI),O=Simulated,C=JP");

  private final Path dir;
  private final X509Certificate caCert;
  private final PrivateKey caKey;
  private final SecureRandom random = new SecureRandom();

  private SimulatorJpkiCa(Path dir, X509Certificate caCert, PrivateKey caKey) {
    this.dir = dir;
    this.caCert = caCert;
    this.caKey = caKey;
  }

  /** Loads the CA under {@code dir}, creating it (and the folder) when absent. */
  public static synchronized SimulatorJpkiCa open(Path dir) {
    try {
      OwnerOnlyFiles.directory(dir);
      OwnerOnlyFiles.directory(dir.resolve("cards"));
      return locked(dir, () -> load(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("simulator CA in " + dir, e);
    }
  }

  private static SimulatorJpkiCa load(Path dir) throws IOException {
    try {
      Path cert = dir.resolve("ca.crt.pem");
      Path key = dir.resolve("ca.key.pem");
      if (!Files.exists(cert)) {
        KeyPair kp = rsa();
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(64, new SecureRandom());
        JcaX509v3CertificateBuilder b =
            new JcaX509v3CertificateBuilder(
                ISSUER,
                serial,
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))),
                ISSUER,
                kp.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(
            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        X509Certificate c = sign(b, kp.getPrivate());
        writeOnce(key, pem(kp.getPrivate()));
        writeOnce(cert, pem(c));
      }
      return new SimulatorJpkiCa(
          dir,
          PemReader.certificate(Files.readString(cert), "the CA certificate"),
          PemReader.privateKey(Files.readString(key), "PEM"));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("simulator CA in " + dir + ": " + e, e);
    }
  }

  /** The CA certificate's PEM file: what a gateway trusts for these cards (agents.jpki-ca). */
  public Path certificateFile() {
    return dir.resolve("ca.crt.pem");
  }

  public X509Certificate caCertificate() {
    return caCert;
  }

  /** The card of that person: created and stored on first request, the same one afterwards. */
  public synchronized VirtualCard certificateFor(String personId) {
    try {
      return locked(dir, () -> card(personId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the person's card (certificate then private key, PEM) is kept once created. */
  public Path cardFile(String personId) {
    return dir.resolve("cards").resolve(personId + ".pem");
  }

  private VirtualCard card(String personId) throws IOException {
    Path file = cardFile(personId);
    try {
      if (!Files.exists(file)) {
        KeyPair kp = rsa();
        BigInteger serial = new BigInteger(72, random).setBit(71);
        String cn = HexFormat.of().withUpperCase().formatHex(serial.toByteArray());
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b =
            new JcaX509v3CertificateBuilder(
                caCert,
                serial,
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(5 * 365))),
                new X500Name("CN=" + cn + ",OU=Simulated My Number Card,C=JP"),
                kp.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(
            Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
        X509Certificate c = sign(b, caKey);
        writeOnce(file, pem(c) + pem(kp.getPrivate()));
        Properties serials = serials();
        serials.setProperty(c.getSerialNumber().toString(16), personId);
        StringWriter w = new StringWriter();
        serials.store(w, "certificate serial (hex) = simulated person id");
        replace(dir.resolve("serials.properties"), w.toString());
      }
      String text = Files.readString(file);
      return new VirtualCard(
          personId, PemReader.certificate(text, "PEM"), PemReader.privateKey(text, "PEM"));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("card certificate for " + personId + ": " + e, e);
    }
  }

  /**
   * The person whose virtual card holds this certificate; empty when it is not signed by this CA,
   * not currently valid, or unknown.
   */
  public Optional<String> personForCertificate(X509Certificate certificate) {
    try {
      certificate.verify(caCert.getPublicKey());
      certificate.checkValidity();
      return Optional.ofNullable(serials().getProperty(certificate.getSerialNumber().toString(16)));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface IoAction<T> {
    T run() throws IOException;
  }

  /** Runs under an OS lock on {@code ca.lock}, so two processes never create two CAs. */
  private static <T> T locked(Path dir, IoAction<T> action) throws IOException {
    try (java.nio.channels.FileChannel ch =
            java.nio.channels.FileChannel.open(
                dir.resolve("ca.lock"),
                java.util.Set.of(
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.FILE));
        java.nio.channels.FileLock ignored = ch.lock()) {
      return action.run();
    }
  }

  private synchronized Properties serials() throws IOException {
    Properties p = new Properties();
    Path f = dir.resolve("serials.properties");
    if (Files.exists(f)) {
      try (Reader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
        p.load(r);
      }
    }
    return p;
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    X509CertificateHolder h = b.build(new JcaContentSignerBuilder(SIG).build(key));
    return new JcaX509CertificateConverter().getCertificate(h);
  }

  private static String pem(Object o) throws IOException {
    return PemWriter.of(o);
  }

  /** Writes a new file completely before it appears under its name (callers hold the lock). */
  private static void writeOnce(Path target, String text) throws IOException {
    OwnerOnlyFiles.write(target, text);
  }

  private static void replace(Path target, String text) throws IOException {
    OwnerOnlyFiles.write(target, text.getBytes(StandardCharsets.ISO_8859_1));
  }
}

package jp.oqsgateway.gateway.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;
import jp.oqsgateway.gateway.pem.PemReader;
import jp.oqsgateway.gateway.pem.PemWriter;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The gateway's own certificate authority, for the TLS of its servers (API and web UI, management,
 * agent link) when no certificate is configured: a private CA ({@code ca.pem}, {@code ca.key.pem})
 * created once in its folder, and server certificates it signs ({@code <name>.pem}, {@code
 * <name>.key.pem}). A server certificate is issued again when it expires within 30 days, was not
 * signed by this CA, or does not name every configured host; the CA stays, so the {@code ca.pem}
 * installed on the clinic's PCs keeps working. Private keys are written 0600.
 *
 * <p>Blocking (files, key generation): call on a worker thread or before Vert.x serves.
 */
public final class GatewayCa {
  static final String CA_FILE = "ca.pem";
  private static final String CA_KEY_FILE = "ca.key.pem";
  private static final String SIG = "SHA256withECDSA";
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private static final Duration SERVER_VALIDITY = Duration.ofDays(2 * 365);

  /**
   * A server's certificate chain and key (PEM files).
   *
   * @param ca the CA clients must trust, when the certificate is one of ours
   */
  public record ServerKeyCert(Path certificate, Path key, java.util.Optional<Path> ca) {}

  private final Path dir;
  private final Clock clock;

  private GatewayCa(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /** The CA in {@code dir}, created there first if missing. */
  public static GatewayCa open(Path dir) {
    return open(dir, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, issuing on {@code clock}'s time (tests of renewal). */
  public static GatewayCa open(Path dir, Clock clock) {
    GatewayCa ca = new GatewayCa(dir, clock);
    try {
      ca.createIfMissing();
    } catch (IOException e) {
      throw new UncheckedIOException("gateway CA in " + dir + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("gateway CA in " + dir + ": " + e, e);
    }
    return ca;
  }

  /** The CA certificate (PEM) that clients install. */
  public Path certificateFile() {
    return dir.resolve(CA_FILE);
  }

  /** SHA-256 of the CA certificate (DER), as {@code AB:CD:...}: what an operator compares. */
  public String fingerprint() {
    try {
      byte[] der = certificates(certificateFile()).get(0).getEncoded();
      return HexFormat.ofDelimiter(":")
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The server certificate {@code <name>.pem} (chain: server, CA) and its key {@code
   * <name>.key.pem}, issued now unless the present one is signed by this CA, valid for more than 30
   * days and names every one of {@code names}.
   */
  public ServerKeyCert serverCertificate(String name, Set<String> names) {
    renew(name, names);
    return serverFiles(dir, name);
  }

  /**
   * As {@link #serverCertificate}, answering whether the certificate was issued now.
   *
   * @return true when the files changed (a server serving them should load them again)
   */
  public boolean renew(String name, Set<String> names) {
    ServerKeyCert files = serverFiles(dir, name);
    Path serverFile = files.certificate();
    Path serverKeyFile = files.key();
    try {
      X509Certificate caCert = certificates(certificateFile()).get(0);
      if (!Files.exists(serverFile)
          || !Files.exists(serverKeyFile)
          || !current(certificates(serverFile).get(0), caCert, names)) {
        issue(caCert, names, serverFile, serverKeyFile);
        return true;
      }
      OwnerOnlyFiles.narrowFile(serverKeyFile);
      OwnerOnlyFiles.narrowFile(serverFile);
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("server certificate " + serverFile + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("server certificate " + serverFile + ": " + e, e);
    }
  }

  /** Where the CA in {@code dir} keeps the server certificate {@code name} (issued or not). */
  public static ServerKeyCert serverFiles(Path dir, String name) {
    return new ServerKeyCert(
        dir.resolve(name + ".pem"),
        dir.resolve(name + ".key.pem"),
        java.util.Optional.of(dir.resolve(CA_FILE)));
  }

  /**
   * localhost, 127.0.0.1 and each of {@code hosts} that is not a wildcard address (0.0.0.0, ::) or
   * empty: the names a server certificate must carry.
   */
  public static Set<String> names(List<String> hosts) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
    for (String host : hosts) {
      String h = Hosts.bare(host);
      if (!h.isEmpty() && !h.equals("0.0.0.0") && !h.equals("::")) {
        names.add(h);
      }
    }
    return names;
  }

  private void createIfMissing()
      throws IOException, GeneralSecurityException, OperatorCreationException {
    OwnerOnlyFiles.directory(dir);
    Path caFile = dir.resolve(CA_FILE);
    Path caKeyFile = dir.resolve(CA_KEY_FILE);
    if (Files.exists(caFile) && Files.exists(caKeyFile)) {
      OwnerOnlyFiles.narrowFile(caKeyFile);
      OwnerOnlyFiles.narrowFile(caFile);
      return;
    }
    KeyPair ca = ecKeyPair();
    Instant now = clock.instant();
    X500Name name = new X500Name("CN=OQS Gateway CA " + now.getEpochSecond() + ",O=OQS Gateway");
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name,
            serial(),
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(Duration.ofDays(20 * 365))),
            name,
            ca.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    b.addExtension(
        Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
    X509Certificate caCert = sign(b, ca.getPrivate());
    writeSecret(caKeyFile, pem(ca.getPrivate()));
    write(caFile, pem(caCert));
  }

  private void issue(X509Certificate caCert, Set<String> names, Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    PrivateKey caKey =
        PemReader.privateKey(Files.readString(dir.resolve(CA_KEY_FILE)), "the gateway CA key file");
    KeyPair server = ecKeyPair();
    Instant now = clock.instant();
    // The subject names the first configured host; clients verify the subject alternative names.
    String first =
        names.stream()
            .filter(n -> !n.equals("localhost") && !n.equals("127.0.0.1"))
            .findFirst()
            .orElse("localhost");
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            caCert,
            serial(),
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(SERVER_VALIDITY)),
            new X500Name("CN=" + first),
            server.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    b.addExtension(
        Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
    List<GeneralName> sans = new ArrayList<>();
    for (String n : names) {
      sans.add(
          new GeneralName(Hosts.isIpLiteral(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
    }
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(sans.toArray(GeneralName[]::new)));
    X509Certificate cert = sign(b, caKey);
    writeSecret(keyFile, pem(server.getPrivate()));
    write(certFile, pem(cert) + pem(caCert));
  }

  private boolean current(X509Certificate cert, X509Certificate ca, Set<String> names) {
    try {
      cert.verify(ca.getPublicKey());
      cert.checkValidity(Date.from(clock.instant().plus(RENEW_BEFORE)));
      Set<String> present = new LinkedHashSet<>();
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          present.add(normalise(String.valueOf(san.get(1))));
        }
      }
      return names.stream().map(GatewayCa::normalise).allMatch(present::contains);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String normalise(String name) {
    if (Hosts.isIpLiteral(name)) {
      try {
        return InetAddress.getByName(name).getHostAddress();
      } catch (UnknownHostException e) {
        return name;
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /** The certificates of a PEM file, in file order. */
  public static List<X509Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    return PemReader.certificates(
        Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(96, new SecureRandom()).setBit(95);
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    X509CertificateHolder h = b.build(new JcaContentSignerBuilder(SIG).build(key));
    return new JcaX509CertificateConverter().getCertificate(h);
  }

  /** PKCS#8 ("PRIVATE KEY"), which both BouncyCastle and Vert.x read for any key type. */
  private static String pem(PrivateKey key) {
    return PemWriter.block("PRIVATE KEY", key.getEncoded());
  }

  private static String pem(Object o) throws IOException {
    return PemWriter.of(o);
  }

  /** Certificates too: the folder is 0700 and everything in it 0600 ({@link OwnerOnlyFiles}). */
  private static void write(Path target, String text) throws IOException {
    OwnerOnlyFiles.write(target, text);
  }

  private static void writeSecret(Path target, String text) throws IOException {
    OwnerOnlyFiles.write(target, text);
  }
}

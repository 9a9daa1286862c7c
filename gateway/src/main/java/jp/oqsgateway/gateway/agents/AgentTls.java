package jp.oqsgateway.gateway.agents;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
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
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;
import jp.oqsgateway.gateway.pem.PemKeys;
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
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The agent server's TLS material when none is configured: a private CA ({@code ca.pem}, {@code
 * ca.key.pem}) created once, and a server certificate it signs ({@code server.pem}, {@code
 * server.key.pem}) naming localhost, 127.0.0.1 and the configured host. The server certificate is
 * issued again when it expires within 30 days or does not name the configured host; the CA stays,
 * so the {@code ca.pem} copied to reception PCs keeps working. Blocking: call on a worker thread.
 */
public final class AgentTls {
  static final String CA_FILE = "ca.pem";
  private static final String CA_KEY_FILE = "ca.key.pem";
  static final String SERVER_FILE = "server.pem";
  static final String SERVER_KEY_FILE = "server.key.pem";
  private static final String SIG = "SHA256withECDSA";
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** Where the server's certificate chain and key are, and the CA agents must trust (if ours). */
  public record Material(Path certificate, Path key, java.util.Optional<Path> ca) {}

  private AgentTls() {}

  /** The generated material under {@code dir}, created or renewed as needed. */
  public static Material ensure(Path dir, String host) {
    try {
      OwnerOnlyFiles.directory(dir);
      Path caFile = dir.resolve(CA_FILE);
      Path caKeyFile = dir.resolve(CA_KEY_FILE);
      if (!Files.exists(caFile) || !Files.exists(caKeyFile)) {
        KeyPair ca = ecKeyPair();
        X500Name name =
            new X500Name(
                "CN=OQS Gateway agent CA " + Instant.now().getEpochSecond() + ",O=OQS Gateway");
        Instant now = Instant.now();
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
        b.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(
            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
        X509Certificate caCert = sign(b, ca.getPrivate());
        writeSecret(caKeyFile, pem(ca.getPrivate()));
        write(caFile, pem(caCert));
        Files.deleteIfExists(dir.resolve(SERVER_FILE));
      }
      X509Certificate caCert = certificates(caFile).get(0);
      Path serverFile = dir.resolve(SERVER_FILE);
      Path serverKeyFile = dir.resolve(SERVER_KEY_FILE);
      Set<String> names = names(host);
      if (!Files.exists(serverFile)
          || !Files.exists(serverKeyFile)
          || !current(certificates(serverFile).get(0), caCert, names)) {
        PrivateKey caKey = PemKeys.privateKey(Files.readString(caKeyFile), "the agent CA key file");
        KeyPair server = ecKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b =
            new JcaX509v3CertificateBuilder(
                caCert,
                serial(),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(2 * 365))),
                new X500Name("CN=" + (host.isBlank() ? "localhost" : host.strip())),
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
          sans.add(new GeneralName(isIp(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(sans.toArray(GeneralName[]::new)));
        X509Certificate cert = sign(b, caKey);
        writeSecret(serverKeyFile, pem(server.getPrivate()));
        write(serverFile, pem(cert) + pem(caCert));
      }
      for (Path f : List.of(caKeyFile, caFile, serverKeyFile, serverFile)) {
        OwnerOnlyFiles.narrowFile(f);
      }
      return new Material(serverFile, serverKeyFile, java.util.Optional.of(caFile));
    } catch (IOException e) {
      throw new UncheckedIOException("agent TLS material in " + dir + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("agent TLS material in " + dir + ": " + e, e);
    }
  }

  /** localhost, 127.0.0.1 and the configured host (unless it is a wildcard address). */
  static Set<String> names(String host) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
    String h = host == null ? "" : host.strip();
    if (!h.isEmpty() && !h.equals("0.0.0.0") && !h.equals("::")) {
      names.add(h);
    }
    return names;
  }

  private static boolean current(X509Certificate cert, X509Certificate ca, Set<String> names) {
    try {
      cert.verify(ca.getPublicKey());
      cert.checkValidity(Date.from(Instant.now().plus(RENEW_BEFORE)));
      Set<String> present = new LinkedHashSet<>();
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          present.add(normalise(String.valueOf(san.get(1))));
        }
      }
      return names.stream().map(AgentTls::normalise).allMatch(present::contains);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String normalise(String name) {
    if (isIp(name)) {
      try {
        return InetAddress.getByName(name).getHostAddress();
      } catch (UnknownHostException e) {
        return name;
      }
    }
    return name.toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean isIp(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}")
        || (s.contains(":") && s.matches("[0-9a-fA-F:.]+"));
  }

  static List<X509Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> found = new ArrayList<>();
    try (PEMParser p =
        new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
      Object o;
      while ((o = p.readObject()) != null) {
        if (o instanceof X509CertificateHolder h) {
          found.add(new JcaX509CertificateConverter().getCertificate(h));
        }
      }
    }
    if (found.isEmpty()) {
      throw new IOException("no certificate in " + file);
    }
    return found;
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
    return "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o);
    }
    return w.toString();
  }

  /** Certificates too: the folder is 0700 and everything in it 0600 ({@link OwnerOnlyFiles}). */
  private static void write(Path target, String text) throws IOException {
    OwnerOnlyFiles.write(target, text);
  }

  private static void writeSecret(Path target, String text) throws IOException {
    OwnerOnlyFiles.write(target, text);
  }
}

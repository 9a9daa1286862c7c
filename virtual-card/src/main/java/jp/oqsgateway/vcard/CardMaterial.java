package jp.oqsgateway.vcard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.oqsgateway.gateway.pem.PemReader;

/**
 * What a virtual card carries: the user-authentication key and certificate and, when known, the
 * certificate of the CA that issued it. RSA up to 2048 bits, so that a signature fits one short
 * response APDU.
 *
 * <p>{@link #load} reads any of:
 *
 * <ul>
 *   <li>a folder with {@code cert.pem} and {@code key.pem}, and optionally {@code ca.pem};
 *   <li>a PKCS#12 file ({@code .p12}/{@code .pfx}): the key entry {@value #P12_ALIAS} (or its only
 *       key entry), whose chain holds the card certificate and then the CA certificate;
 *   <li>one PEM file holding the certificate and the key, as the gateway's simulator CA writes them
 *       ({@code <ca>/cards/<person>.pem}). The CA certificate is then {@code ca.pem} beside it or
 *       the simulator's {@code ../ca.crt.pem}.
 * </ul>
 */
public record CardMaterial(
    X509Certificate authCertificate, PrivateKey authKey, Optional<X509Certificate> caCertificate) {
  /** The key entry of a PKCS#12 card file. */
  public static final String P12_ALIAS = "auth";

  public CardMaterial {
    if (!(authCertificate.getPublicKey() instanceof RSAPublicKey pub)
        || !(authKey instanceof RSAKey priv)) {
      throw new IllegalArgumentException("the card key is not an RSA key");
    }
    if (!pub.getModulus().equals(priv.getModulus())) {
      throw new IllegalArgumentException("the card key does not belong to the card certificate");
    }
    if (pub.getModulus().bitLength() > 2048) {
      throw new IllegalArgumentException("the card key has more than 2048 bits");
    }
  }

  /** Reads card material from a folder, a PKCS#12 file or a PEM file (see the class comment). */
  public static CardMaterial load(Path path, char[] p12Password) throws IOException {
    try {
      if (Files.isDirectory(path)) {
        Path ca = path.resolve("ca.pem");
        return new CardMaterial(
            certificate(path.resolve("cert.pem")),
            PemReader.privateKey(Files.readString(path.resolve("key.pem")), "key.pem"),
            Files.exists(ca) ? Optional.of(certificate(ca)) : Optional.empty());
      }
      String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".p12") || name.endsWith(".pfx")) {
        return fromPkcs12(path, p12Password);
      }
      String pem = Files.readString(path);
      return new CardMaterial(
          PemReader.certificate(pem, path.toString()),
          PemReader.privateKey(pem, path.toString()),
          simulatorCa(path));
    } catch (GeneralSecurityException e) {
      throw new IOException("card material in " + path + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IOException("card material in " + path + ": " + e.getMessage(), e);
    }
  }

  private static Optional<X509Certificate> simulatorCa(Path pem)
      throws IOException, GeneralSecurityException {
    Path dir = pem.toAbsolutePath().getParent();
    List<Path> candidates = new ArrayList<>();
    candidates.add(dir.resolve("ca.pem"));
    if (dir.getParent() != null) {
      candidates.add(dir.getParent().resolve("ca.crt.pem"));
    }
    for (Path ca : candidates) {
      if (Files.exists(ca)) {
        return Optional.of(certificate(ca));
      }
    }
    return Optional.empty();
  }

  private static CardMaterial fromPkcs12(Path path, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      ks.load(in, password);
    }
    String alias = ks.isKeyEntry(P12_ALIAS) ? P12_ALIAS : null;
    if (alias == null) {
      for (String a : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(a)) {
          if (alias != null) {
            throw new IOException("several keys and none named '" + P12_ALIAS + "'");
          }
          alias = a;
        }
      }
    }
    if (alias == null) {
      throw new IOException("no key entry");
    }
    Key key = ks.getKey(alias, password);
    Certificate[] chain = ks.getCertificateChain(alias);
    if (!(key instanceof PrivateKey pk) || chain == null || chain.length == 0) {
      throw new IOException("key entry '" + alias + "' has no private key or no certificate");
    }
    Optional<X509Certificate> ca =
        chain.length > 1 ? Optional.of((X509Certificate) chain[1]) : Optional.empty();
    return new CardMaterial((X509Certificate) chain[0], pk, ca);
  }

  private static X509Certificate certificate(Path file) throws IOException {
    return PemReader.certificate(Files.readString(file), file.toString());
  }
}

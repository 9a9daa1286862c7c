package jp.oqsgateway.gateway.http.auth;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;
import jp.oqsgateway.settings.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own signing key pairs in {@code auth.keys-dir}: {@code es256-private.pem} and
 * {@code es256-public.pem} (or {@code rs256-*}). The pair of the configured algorithm is created
 * when missing; the folder is 0700 and both files 0600 ({@link OwnerOnlyFiles}). Key material is
 * never logged.
 */
final class KeyDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(KeyDirectory.class);
  private static final String SETTING = "auth.keys-dir";
  private static final List<String> ALGORITHMS = List.of("ES256", "RS256");

  /** The gateway's signing key; {@link #toString()} leaves the private key out. */
  record SigningKey(String algorithm, String keyId, String privatePem, String publicPem) {
    @Override
    public String toString() {
      return "SigningKey[" + algorithm + ", kid " + keyId + "]";
    }
  }

  /** A key tokens may be verified with; {@code source} says where it came from, for messages. */
  record VerificationKey(String algorithm, String keyId, String publicPem, String source) {}

  private final Path dir;

  KeyDirectory(Path dir) {
    this.dir = dir;
  }

  static Path privateFile(Path dir, String algorithm) {
    return dir.resolve(algorithm.toLowerCase(Locale.ROOT) + "-private.pem");
  }

  static Path publicFile(Path dir, String algorithm) {
    return dir.resolve(algorithm.toLowerCase(Locale.ROOT) + "-public.pem");
  }

  /**
   * The signing key of this algorithm, created first if the folder has none.
   *
   * @throws ConfigException when the folder cannot be used or holds half a pair
   */
  SigningKey loadOrCreate(String algorithm) {
    Path privateFile = privateFile(dir, algorithm);
    Path publicFile = publicFile(dir, algorithm);
    try {
      createDirectory();
      try (FileChannel lockChannel =
              FileChannel.open(
                  dir.resolve(".lock"),
                  Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                  ownerOnly("rw-------"));
          FileLock ignored = lockChannel.lock()) {
        boolean hasPrivate = Files.exists(privateFile);
        boolean hasPublic = Files.exists(publicFile);
        if (!hasPrivate && !hasPublic) {
          create(algorithm, privateFile, publicFile);
        } else if (hasPrivate != hasPublic) {
          throw problem(
              "holds "
                  + (hasPrivate ? privateFile : publicFile).getFileName()
                  + " without "
                  + (hasPrivate ? publicFile : privateFile).getFileName()
                  + ": restore it from the backup, or delete both to create a new pair (tokens"
                  + " already issued then stop working)");
        }
      }
      String privatePem = Files.readString(privateFile, StandardCharsets.US_ASCII);
      String publicPem = Files.readString(publicFile, StandardCharsets.US_ASCII);
      OwnerOnlyFiles.narrowFile(privateFile);
      OwnerOnlyFiles.narrowFile(publicFile);
      PublicKey publicKey = Pem.publicKey(publicPem);
      checkPair(algorithm, Pem.privateKey(privatePem, algorithm), publicKey);
      return new SigningKey(algorithm, Pem.keyId(publicKey), privatePem, publicPem);
    } catch (IOException e) {
      throw problem("cannot be used: " + e);
    } catch (IllegalArgumentException e) {
      throw problem(
          privateFile.getFileName() + " or " + publicFile.getFileName() + ": " + e.getMessage());
    }
  }

  /**
   * The public keys of every pair in the folder: tokens signed before an algorithm change stay
   * valid.
   */
  List<VerificationKey> publicKeys() {
    List<VerificationKey> keys = new ArrayList<>();
    for (String algorithm : ALGORITHMS) {
      Path file = publicFile(dir, algorithm);
      if (Files.isRegularFile(file)) {
        try {
          String pem = Files.readString(file, StandardCharsets.US_ASCII);
          PublicKey key = Pem.publicKey(pem);
          keys.add(new VerificationKey(Pem.algorithmOf(key), Pem.keyId(key), pem, file.toString()));
        } catch (IOException | IllegalArgumentException e) {
          throw problem(file.getFileName() + ": " + e.getMessage());
        }
      }
    }
    return keys;
  }

  private void createDirectory() throws IOException {
    OwnerOnlyFiles.directory(dir);
  }

  private void create(String algorithm, Path privateFile, Path publicFile) throws IOException {
    KeyPair pair = generate(algorithm);
    // Public first: a crash in between leaves a public key alone, which the next start names.
    OwnerOnlyFiles.write(publicFile, Pem.encode(Pem.PUBLIC, pair.getPublic().getEncoded()));
    OwnerOnlyFiles.write(privateFile, Pem.encode(Pem.PRIVATE, pair.getPrivate().getEncoded()));
    LOG.atInfo()
        .addKeyValue("dir", dir)
        .log(
            "created the gateway's token signing key pair ({}, kid {})",
            algorithm,
            Pem.keyId(pair.getPublic()));
  }

  static KeyPair generate(String algorithm) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(Pem.keyType(algorithm));
      if (algorithm.equals("ES256")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator.initialize(3072);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate " + algorithm + " keys", e);
    }
  }

  private static void checkPair(String algorithm, PrivateKey privateKey, PublicKey publicKey) {
    byte[] probe = "oqs-gateway key pair check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(javaSignature(algorithm));
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(javaSignature(algorithm));
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException("the private and the public key are not one pair");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the keys do not fit " + algorithm + ": " + e.getMessage());
    }
  }

  private static String javaSignature(String algorithm) {
    return algorithm.equals("ES256") ? "SHA256withECDSA" : "SHA256withRSA";
  }

  private boolean posix() {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private FileAttribute<?>[] ownerOnly(String mode) {
    return posix()
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
        }
        : new FileAttribute<?>[0];
  }

  private ConfigException problem(String what) {
    return new ConfigException(SETTING, null, dir + " " + what);
  }
}

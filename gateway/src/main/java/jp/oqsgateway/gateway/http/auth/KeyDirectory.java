package jp.oqsgateway.gateway.http.auth;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;
import jp.oqsgateway.settings.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own signing key pairs in {@code auth.keys-dir}: {@code es256-private.pem}, {@code
 * es256-public.pem} and {@code es256-key.json} (its {@link KeyMetadata}: id and creation time), or
 * {@code rs256-*} for RS256. The pair of the configured algorithm is created when missing; {@link
 * #rotate} replaces it with a new one and keeps the old public key in {@value #RETIRED}/ ({@code
 * KID-public.pem} and {@code KID.json}, with its retirement time), so tokens it signed can still be
 * verified. Every change happens under the folder's lock file, so a start and a command cannot
 * race. The folder is 0700 and every file 0600 ({@link OwnerOnlyFiles}). Key material is never
 * logged.
 */
final class KeyDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(KeyDirectory.class);
  private static final String SETTING = "auth.keys-dir";
  private static final List<String> ALGORITHMS = List.of("ES256", "RS256");

  /** The sub-folder of the public keys {@link #rotate} retired. */
  static final String RETIRED = "retired-signing-keys";

  /** The gateway's signing key; {@link #toString()} leaves the private key out. */
  record SigningKey(
      String algorithm, String keyId, String privatePem, String publicPem, Instant created) {
    @Override
    public String toString() {
      return "SigningKey[" + algorithm + ", kid " + keyId + ", created " + created + "]";
    }
  }

  /** A key tokens may be verified with; {@code source} says where it came from, for messages. */
  record VerificationKey(String algorithm, String keyId, String publicPem, String source) {}

  /** A public key {@link #rotate} replaced at {@code retired}. */
  record RetiredKey(VerificationKey key, Instant created, Instant retired) {}

  /** What {@link #rotate} did: {@code previousKeyId} now only verifies, {@code nextKeyId} signs. */
  record Rotation(String algorithm, String previousKeyId, String nextKeyId, Instant at) {}

  private final Path dir;
  private final Clock clock;

  KeyDirectory(Path dir) {
    this(dir, Clock.systemUTC());
  }

  /** {@code clock} dates the keys it creates and retires. */
  KeyDirectory(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  static Path privateFile(Path dir, String algorithm) {
    return dir.resolve(algorithm.toLowerCase(Locale.ROOT) + "-private.pem");
  }

  static Path publicFile(Path dir, String algorithm) {
    return dir.resolve(algorithm.toLowerCase(Locale.ROOT) + "-public.pem");
  }

  static Path metadataFile(Path dir, String algorithm) {
    return dir.resolve(algorithm.toLowerCase(Locale.ROOT) + "-key.json");
  }

  /**
   * The signing key of this algorithm, created first if the folder has none.
   *
   * @throws ConfigException when the folder cannot be used or holds half a pair
   */
  SigningKey loadOrCreate(String algorithm) {
    return locked(
        algorithm,
        () -> {
          if (holdsNoPair(algorithm)) {
            create(algorithm);
          }
          return load(algorithm);
        });
  }

  /**
   * Replaces the signing key of this algorithm with a new pair; the old public key is kept as a
   * retired key and its private key deleted.
   *
   * @throws ConfigException when there is no usable pair to replace
   */
  Rotation rotate(String algorithm) {
    return locked(
        algorithm,
        () -> {
          if (holdsNoPair(algorithm)) {
            throw problem(
                "holds no "
                    + algorithm
                    + " key pair to rotate: check auth.keys-dir and auth.algorithm");
          }
          SigningKey current = load(algorithm);
          Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
          Path retired = OwnerOnlyFiles.directory(dir.resolve(RETIRED));
          // The old public key is safe in the retired folder before its pair is replaced.
          OwnerOnlyFiles.write(
              retired.resolve(current.keyId() + "-public.pem"), current.publicPem());
          new KeyMetadata(current.keyId(), algorithm, current.created(), Optional.of(now))
              .write(retired.resolve(current.keyId() + ".json"));
          String next = create(algorithm);
          LOG.atInfo()
              .addKeyValue("dir", dir)
              .log(
                  "rotated the gateway's token signing key ({}): kid {} signs, kid {} retired",
                  algorithm,
                  next,
                  current.keyId());
          return new Rotation(algorithm, current.keyId(), next, now);
        });
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
        keys.add(verificationKey(file));
      }
    }
    return keys;
  }

  /**
   * The public keys {@link #rotate} retired, oldest retirement first, however long ago.
   *
   * @throws ConfigException naming a retired key whose files cannot be used
   */
  List<RetiredKey> retiredKeys() {
    Path retired = dir.resolve(RETIRED);
    if (!Files.isDirectory(retired)) {
      return List.of();
    }
    List<RetiredKey> keys = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(retired, "*.json")) {
      for (Path file : files) {
        KeyMetadata meta = KeyMetadata.read(file).orElseThrow();
        Path pem = retired.resolve(meta.keyId() + "-public.pem");
        VerificationKey key = verificationKey(pem);
        if (!key.keyId().equals(meta.keyId()) || meta.retired().isEmpty()) {
          throw problem(file.getFileName() + " does not describe " + pem.getFileName());
        }
        keys.add(new RetiredKey(key, meta.created(), meta.retired().get()));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw problem(RETIRED + ": " + e.getMessage());
    }
    keys.sort(Comparator.comparing(RetiredKey::retired));
    return keys;
  }

  private VerificationKey verificationKey(Path file) {
    try {
      String pem = Files.readString(file, StandardCharsets.US_ASCII);
      PublicKey key = Pem.publicKey(pem);
      return new VerificationKey(Pem.algorithmOf(key), Pem.keyId(key), pem, file.toString());
    } catch (IOException | IllegalArgumentException e) {
      throw problem(file.getFileName() + ": " + e.getMessage());
    }
  }

  /** Runs {@code action} holding the folder's lock file (created 0600), the folder made first. */
  private <T> T locked(String algorithm, KeyAction<T> action) {
    try {
      OwnerOnlyFiles.directory(dir);
      try (FileChannel lockChannel =
              FileChannel.open(
                  dir.resolve(".lock"),
                  Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                  ownerOnly("rw-------"));
          FileLock ignored = lockChannel.lock()) {
        return action.run();
      }
    } catch (IOException e) {
      throw problem("cannot be used: " + e);
    } catch (IllegalArgumentException e) {
      throw problem(
          privateFile(dir, algorithm).getFileName()
              + " or "
              + publicFile(dir, algorithm).getFileName()
              + ": "
              + e.getMessage());
    }
  }

  private interface KeyAction<T> {
    T run() throws IOException;
  }

  private boolean holdsNoPair(String algorithm) {
    return !Files.exists(privateFile(dir, algorithm)) && !Files.exists(publicFile(dir, algorithm));
  }

  /** Reads the pair (both files must be there) and its metadata, recording one when missing. */
  private SigningKey load(String algorithm) throws IOException {
    Path privateFile = privateFile(dir, algorithm);
    Path publicFile = publicFile(dir, algorithm);
    boolean hasPrivate = Files.exists(privateFile);
    if (hasPrivate != Files.exists(publicFile)) {
      throw problem(
          "holds "
              + (hasPrivate ? privateFile : publicFile).getFileName()
              + " without "
              + (hasPrivate ? publicFile : privateFile).getFileName()
              + ": restore it from the backup, or delete both to create a new pair (tokens"
              + " already issued then stop working)");
    }
    String privatePem = Files.readString(privateFile, StandardCharsets.US_ASCII);
    String publicPem = Files.readString(publicFile, StandardCharsets.US_ASCII);
    OwnerOnlyFiles.narrowFile(privateFile);
    OwnerOnlyFiles.narrowFile(publicFile);
    PublicKey publicKey = Pem.publicKey(publicPem);
    KeyPairs.checkPair(algorithm, Pem.privateKey(privatePem, algorithm), publicKey);
    String keyId = Pem.keyId(publicKey);
    return new SigningKey(algorithm, keyId, privatePem, publicPem, created(algorithm, keyId));
  }

  /**
   * When the pair was created, from its metadata; a pair without any (made by a release before
   * metadata was recorded, or replaced by hand) is dated by the older of its two files'
   * modification times, and that date is recorded so it no longer moves.
   */
  private Instant created(String algorithm, String keyId) throws IOException {
    Path file = metadataFile(dir, algorithm);
    Optional<KeyMetadata> recorded;
    try {
      recorded = KeyMetadata.read(file).filter(m -> m.keyId().equals(keyId));
    } catch (IllegalArgumentException e) {
      recorded = Optional.empty();
    }
    if (recorded.isPresent()) {
      return recorded.get().created();
    }
    Instant privateTime = Files.getLastModifiedTime(privateFile(dir, algorithm)).toInstant();
    Instant publicTime = Files.getLastModifiedTime(publicFile(dir, algorithm)).toInstant();
    Instant created =
        (privateTime.isBefore(publicTime) ? privateTime : publicTime)
            .truncatedTo(ChronoUnit.SECONDS);
    new KeyMetadata(keyId, algorithm, created, Optional.empty()).write(file);
    LOG.atInfo()
        .addKeyValue("dir", dir)
        .log(
            "recorded the creation time of the token signing key ({}, kid {}) from its files: {}",
            algorithm,
            keyId,
            created);
    return created;
  }

  /** Writes a new pair and its metadata; its key id. */
  private String create(String algorithm) throws IOException {
    KeyPair pair = KeyPairs.generate(algorithm);
    String keyId = Pem.keyId(pair.getPublic());
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    // Public first: a crash in between leaves a pair that does not match, which the next start
    // names.
    OwnerOnlyFiles.write(
        publicFile(dir, algorithm), Pem.encode(Pem.PUBLIC, pair.getPublic().getEncoded()));
    OwnerOnlyFiles.write(
        privateFile(dir, algorithm), Pem.encode(Pem.PRIVATE, pair.getPrivate().getEncoded()));
    new KeyMetadata(keyId, algorithm, now, Optional.empty()).write(metadataFile(dir, algorithm));
    LOG.atInfo()
        .addKeyValue("dir", dir)
        .log("created the gateway's token signing key pair ({}, kid {})", algorithm, keyId);
    return keyId;
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

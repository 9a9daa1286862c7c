package jp.oqsgateway.gateway.backup;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The container of a backup: a first line naming the format, a line of JSON saying whether and how
 * the rest is encrypted, the payload (a zip of the database and the keys, or that zip sealed by
 * {@link ChunkedGcm}), and a last line with the SHA-256 of everything before it.
 *
 * <p>The passphrase becomes the AES-256 key through PBKDF2-HMAC-SHA256 with a random 16-byte salt
 * and {@value #ITERATIONS} iterations (OWASP's 2023 figure): it is in every Java runtime, already
 * protects the desks' sign-in codes, and adds no dependency to a security path; scrypt would need
 * one for a gain that matters less for a file kept offline than for a password database. The header
 * carries an HMAC of a fixed text under the key, so that a wrong passphrase is told apart from a
 * damaged file before anything is decrypted.
 *
 * <p>Restoring checks the checksum over the whole file first, so nothing is touched when the file
 * is damaged or cut short; each encrypted chunk is then authenticated as it is read.
 */
public final class BackupFile {
  static final String MAGIC = "OQSGW-BACKUP 1";
  static final int ITERATIONS = 600_000;
  private static final int SALT_BYTES = 16;
  private static final String TRAILER_PREFIX = "SHA-256 ";
  private static final int TRAILER_BYTES = TRAILER_PREFIX.length() + 64 + 1;
  private static final byte[] KEY_CHECK_TEXT =
      "oqsgw backup passphrase check".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private BackupFile() {}

  /**
   * A new backup at {@code target} (refused if it exists): written to {@code target.partial}, mode
   * 0600 from its creation, and renamed into place only when the returned stream is closed after
   * the whole payload was written.
   */
  public static Sink create(Path target, Optional<char[]> passphrase) throws IOException {
    if (Files.exists(target)) {
      throw new BackupException(target + " exists already; choose another file name");
    }
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    FileChannel channel =
        FileChannel.open(
            partial,
            java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    MessageDigest sha = sha256();
    OutputStream file =
        new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel));
    DigestOutputStream hashed = new DigestOutputStream(file, sha);
    JsonObject header = new JsonObject();
    OutputStream payload = hashed;
    byte[] headerBytes;
    if (passphrase.isPresent()) {
      byte[] salt = random(SALT_BYTES);
      byte[] prefix = random(ChunkedGcm.PREFIX_BYTES);
      SecretKey key = derive(passphrase.get(), salt, ITERATIONS);
      header.put(
          "encryption",
          new JsonObject()
              .put("cipher", "AES-256-GCM, chunks of " + ChunkedGcm.CHUNK + " bytes")
              .put("kdf", "PBKDF2-HMAC-SHA256")
              .put("iterations", ITERATIONS)
              .put("salt", b64(salt))
              .put("noncePrefix", b64(prefix))
              .put("keyCheck", b64(keyCheck(key))));
      headerBytes = headerBytes(header);
      hashed.write(headerBytes);
      payload = ChunkedGcm.encrypting(hashed, key, prefix, headerBytes);
    } else {
      headerBytes = headerBytes(header);
      hashed.write(headerBytes);
      payload =
          new FilterOutputStream(hashed) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
              flush(); // the trailer still follows
            }
          };
    }
    return new Sink(payload, hashed, file, channel, sha, partial, target);
  }

  /**
   * The payload's way into a new backup: {@link #commit} completes the file and puts it in place;
   * closed without a commit (a failed backup), the partial file is deleted.
   */
  public static final class Sink extends FilterOutputStream {
    private final OutputStream hashed;
    private final OutputStream file;
    private final FileChannel channel;
    private final MessageDigest sha;
    private final Path partial;
    private final Path target;
    private boolean committed;
    private boolean closed;

    private Sink(
        OutputStream payload,
        OutputStream hashed,
        OutputStream file,
        FileChannel channel,
        MessageDigest sha,
        Path partial,
        Path target) {
      super(payload);
      this.hashed = hashed;
      this.file = file;
      this.channel = channel;
      this.sha = sha;
      this.partial = partial;
      this.target = target;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    /**
     * Seals the payload, writes the checksum line, syncs, and links the file in under its name
     * (never over a file that appeared meanwhile).
     */
    public void commit() throws IOException {
      out.close(); // seals the last chunk, if encrypted; the file stays open below
      hashed.flush();
      String trailer = TRAILER_PREFIX + HexFormat.of().formatHex(sha.digest()) + "\n";
      file.write(trailer.getBytes(StandardCharsets.US_ASCII));
      file.flush();
      channel.force(true);
      file.close();
      closed = true;
      try {
        Files.createLink(target, partial);
      } catch (FileAlreadyExistsException e) {
        throw new BackupException(target + " appeared while the backup was written", e);
      } finally {
        Files.deleteIfExists(partial);
      }
      committed = true;
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        file.close();
      }
      if (!committed) {
        Files.deleteIfExists(partial);
      }
    }
  }

  /**
   * Checks the whole file's checksum and the passphrase, then returns its payload (decrypted as it
   * is read).
   *
   * @throws BackupException naming the problem: damaged or cut short, not a backup, encrypted
   *     without a passphrase given, or a wrong passphrase
   */
  public static InputStream open(Path file, Optional<char[]> passphrase) throws IOException {
    long size = Files.size(file);
    if (size < MAGIC.length() + TRAILER_BYTES) {
      throw new BackupException(file + " is not a gateway backup (too short)");
    }
    verifyChecksum(file, size);
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      String magic = readLine(in);
      String headerLine = readLine(in);
      if (!MAGIC.equals(magic)) {
        throw new BackupException(file + " is not a gateway backup (" + MAGIC + " expected)");
      }
      byte[] headerBytes = (magic + "\n" + headerLine + "\n").getBytes(StandardCharsets.UTF_8);
      InputStream payload = bounded(in, size - TRAILER_BYTES - headerBytes.length);
      JsonObject encryption = new JsonObject(headerLine).getJsonObject("encryption");
      if (encryption == null) {
        return payload;
      }
      if (passphrase.isEmpty()) {
        throw new BackupException(
            file
                + " is encrypted: give its passphrase with --passphrase-file FILE (or - for stdin)");
      }
      SecretKey key =
          derive(
              passphrase.get(),
              Base64.getDecoder().decode(encryption.getString("salt")),
              encryption.getInteger("iterations"));
      if (!MessageDigest.isEqual(
          keyCheck(key), Base64.getDecoder().decode(encryption.getString("keyCheck")))) {
        throw new BackupException("wrong passphrase for " + file + "; nothing was restored");
      }
      return ChunkedGcm.decrypting(
          payload,
          key,
          Base64.getDecoder().decode(encryption.getString("noncePrefix")),
          headerBytes);
    } catch (RuntimeException | IOException e) {
      in.close();
      throw e;
    }
  }

  private static void verifyChecksum(Path file, long size) throws IOException {
    MessageDigest sha = sha256();
    String trailer;
    try (InputStream in = Files.newInputStream(file)) {
      DigestInputStream hashed = new DigestInputStream(bounded(in, size - TRAILER_BYTES), sha);
      hashed.transferTo(OutputStream.nullOutputStream());
      trailer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
    String actual = HexFormat.of().formatHex(sha.digest());
    if (!trailer.startsWith(TRAILER_PREFIX)
        || !trailer.endsWith("\n")
        || !MessageDigest.isEqual(
            actual.getBytes(StandardCharsets.US_ASCII),
            trailer
                .substring(TRAILER_PREFIX.length(), trailer.length() - 1)
                .getBytes(StandardCharsets.US_ASCII))) {
      throw new BackupException(
          file
              + " is damaged: its SHA-256 checksum does not match its content (changed or cut"
              + " short); nothing was restored");
    }
  }

  private static byte[] headerBytes(JsonObject header) {
    return (MAGIC + "\n" + header.encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.write(b);
      if (line.size() > 4096) {
        break;
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static InputStream bounded(InputStream in, long limit) {
    return new InputStream() {
      private long left = limit;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = in.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  static SecretKey derive(char[] passphrase, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
    try {
      byte[] key =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return new SecretKeySpec(key, "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this Java runtime", e);
    } finally {
      spec.clearPassword();
    }
  }

  private static byte[] keyCheck(SecretKey key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(KEY_CHECK_TEXT);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}

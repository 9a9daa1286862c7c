package jp.oqsgateway.gateway.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts webhook subscription secrets for the database with AES-256-GCM, under a key kept in a
 * file outside it (default {@code <auth.keys-dir>/webhooks/secret.key}, directory 0700, file 0600,
 * created at first start). A copy of the database alone, a backup or a read-only SQL login does not
 * reveal the secrets that sign webhooks. The subscription id is the additional authenticated data,
 * so a ciphertext copied onto another subscription does not open.
 *
 * <p>Stored form: {@value #PREFIX} + base64url(12-byte nonce ‖ ciphertext ‖ 16-byte tag).
 */
public final class SecretBox {
  public static final String PREFIX = "enc:v1:";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SecretBox(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A box on this key (32 bytes). */
  static SecretBox of(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("an AES-256 key has 32 bytes, got " + key.length);
    }
    return new SecretBox(key.clone());
  }

  /** Whether a key file exists at {@code file}. */
  public static boolean exists(Path file) {
    return Files.isRegularFile(file);
  }

  /**
   * The key in {@code file}, created (random, owner-only) when absent. Blocking: call it at start,
   * before the event loops serve.
   *
   * @throws IllegalStateException with one line naming the file and the rule
   */
  public static SecretBox openOrCreate(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, ownerOnly(dir, "rwx------"));
      }
      if (!Files.exists(file)) {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        Path tmp = Files.createTempFile(dir, ".webhook-key-", ".tmp", ownerOnly(dir, "rw-------"));
        try {
          Files.writeString(
              tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      if (posix(file)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(p -> !p.name().startsWith("OWNER"))) {
          throw new IllegalStateException(
              file
                  + " (webhooks.secret-key-file) is readable by other users (mode "
                  + PosixFilePermissions.toString(perms)
                  + "); chmod 600 it");
        }
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            file + " (webhooks.secret-key-file) does not hold a base64 AES-256 key");
      }
      if (key.length != KEY_BYTES) {
        throw new IllegalStateException(
            file + " (webhooks.secret-key-file) does not hold a 32-byte AES-256 key");
      }
      return new SecretBox(key);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read or create the webhook secret key " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether a stored value is encrypted (as opposed to a secret stored before V21). */
  public static boolean isSealed(String stored) {
    return stored.startsWith(PREFIX);
  }

  /** The stored form of {@code secret} for subscription {@code id}. */
  public String seal(UUID id, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(id));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * The secret of subscription {@code id} from its stored form.
   *
   * @throws DeliveryError.SecretUnreadable when this key does not open it
   */
  public String open(UUID id, String stored) {
    if (!isSealed(stored)) {
      throw new DeliveryError.SecretUnreadable();
    }
    try {
      byte[] all = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length()));
      if (all.length <= NONCE_BYTES) {
        throw new DeliveryError.SecretUnreadable();
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(aad(id));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new DeliveryError.SecretUnreadable();
    }
  }

  private static byte[] aad(UUID id) {
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] ownerOnly(Path p, String mode) {
    return posix(p)
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
        }
        : new FileAttribute<?>[0];
  }
}

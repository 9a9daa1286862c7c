package jp.oqsgateway.gateway.reception;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;

/**
 * The reception desks' sign-in codes, one line per desk ({@code desk pbkdf2-sha256:iterations:salt:
 * hash}) in a 0600 file under a 0700 folder. Codes are generated here, shown once and kept only as
 * PBKDF2 hashes; a check costs the same for an unknown desk as for a wrong code. Blocking (files,
 * hashing): call from a worker thread.
 */
public final class DeskCodes {
  /** Desk ids, as tokens carry them. */
  public static final Pattern DESK = Pattern.compile("[A-Za-z0-9._-]{1,40}");

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int ITERATIONS = 310_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final int CODE_LENGTH = 12;

  /** No 0/O, 1/l/I: read off a slip of paper at the desk. */
  private static final char[] ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz".toCharArray();

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Compared against when the desk is unknown, so that both refusals take as long: a stored line of
   * the same scheme, iterations and sizes, with a random salt and random bytes for the hash. The
   * derivation, which is the whole cost of a check, is the same; no code derives to those bytes.
   * Hashing a random code instead would cost every start a 310,000-iteration derivation on the
   * thread that builds the gateway.
   */
  static final String DECOY = line(randomBytes(SALT_BYTES), randomBytes(HASH_BITS / 8));

  private final Path file;

  public DeskCodes(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /**
   * A new code for {@code desk} (replacing its old one), returned once: only its hash is kept.
   *
   * @throws IllegalArgumentException for a desk id that breaks the desk rule
   */
  public String add(String desk) {
    requireDesk(desk);
    String code = newCode();
    Map<String, String> all = read();
    all.put(desk, hash(code));
    write(all);
    return code;
  }

  /** Forgets the desk's code; false when it had none. */
  public boolean remove(String desk) {
    Map<String, String> all = read();
    if (all.remove(desk) == null) {
      return false;
    }
    write(all);
    return true;
  }

  /** The desks that have a code, sorted. */
  public List<String> desks() {
    return List.copyOf(read().keySet());
  }

  /** Whether {@code code} is the desk's code: false alike for an unknown desk and a wrong code. */
  public boolean matches(String desk, String code) {
    String stored = read().get(desk);
    boolean known = stored != null;
    boolean equal = verify(known ? stored : DECOY, code == null ? "" : code);
    return known && equal;
  }

  private static void requireDesk(String desk) {
    if (desk == null || !DESK.matcher(desk).matches()) {
      throw new IllegalArgumentException(
          "a desk must be 1 to 40 letters, digits or . _ - characters");
    }
  }

  private static String newCode() {
    StringBuilder code = new StringBuilder(CODE_LENGTH);
    for (int i = 0; i < CODE_LENGTH; i++) {
      code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return code.toString();
  }

  static String hash(String code) {
    byte[] salt = randomBytes(SALT_BYTES);
    return line(salt, derive(code, salt, ITERATIONS));
  }

  private static String line(byte[] salt, byte[] derived) {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return String.join(
        ":",
        SCHEME,
        Integer.toString(ITERATIONS),
        b64.encodeToString(salt),
        b64.encodeToString(derived));
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** Constant-time comparison of the derived key; a malformed stored line never matches. */
  static boolean verify(String stored, String code) {
    String[] parts = stored.split(":", -1);
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(code, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(String code, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, iterations, HASH_BITS);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(spec)
            .getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    }
  }

  private Map<String, String> read() {
    Map<String, String> all = new TreeMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the desk codes file", e);
    }
    for (String line : lines) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+", 2);
      if (parts.length == 2 && DESK.matcher(parts[0]).matches()) {
        all.put(parts[0], parts[1]);
      }
    }
    return all;
  }

  private void write(Map<String, String> all) {
    StringBuilder text =
        new StringBuilder("# reception desk codes (PBKDF2 hashes), written by oqsgw desk\n");
    all.forEach((desk, hash) -> text.append(desk).append(' ').append(hash).append('\n'));
    try {
      OwnerOnlyFiles.directory(file.toAbsolutePath().getParent());
      OwnerOnlyFiles.write(file, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the desk codes file", e);
    }
  }
}

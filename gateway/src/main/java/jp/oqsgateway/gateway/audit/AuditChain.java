package jp.oqsgateway.gateway.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The hash chain of {@code audit_read}: what a row's hash covers and how it is encoded. Written
 * once here so the writer ({@link AuditStore}) and the checker ({@link AuditChainVerifier}) cannot
 * disagree.
 *
 * <p>The hash is SHA-256 over a canonical encoding: a version byte, then every field in a fixed
 * order, numbers as big-endian longs, text as a 4-byte length and its UTF-8 bytes (length -1 for
 * null), the roles as a count and each role, and finally the previous row's hash. Hand-written
 * rather than JSON so that no serialiser's ordering or escaping can change a hash.
 */
public final class AuditChain {
  /** The previous hash of the very first chained row. */
  public static final byte[] GENESIS = new byte[32];

  private static final int ENCODING_VERSION = 1;

  private AuditChain() {}

  /** The chained content of a row (the database id is not part of it: the sequence number is). */
  public record Link(
      long seq,
      LocalDate chainDay,
      Instant readAt,
      String subject,
      List<String> roles,
      String purpose,
      Optional<String> chartPatientId,
      Optional<UUID> checkId,
      Optional<String> requestId,
      Optional<String> clientRequestId,
      Optional<String> deliveredTo,
      Optional<String> deskId) {

    /** SHA-256 of this row's canonical encoding followed by {@code prevHash}. */
    public byte[] hash(byte[] prevHash) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(ENCODING_VERSION);
        out.writeLong(seq);
        text(out, chainDay.toString());
        out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, readAt));
        text(out, subject);
        out.writeInt(roles.size());
        for (String role : roles) {
          text(out, role);
        }
        text(out, purpose);
        text(out, chartPatientId.orElse(null));
        text(out, checkId.map(UUID::toString).orElse(null));
        text(out, requestId.orElse(null));
        text(out, clientRequestId.orElse(null));
        text(out, deliveredTo.orElse(null));
        text(out, deskId.orElse(null));
        out.writeInt(prevHash.length);
        out.write(prevHash);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return sha256(bytes.toByteArray());
    }
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static byte[] sha256(byte[] in) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(in);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

package jp.oqsgateway.agent.jpki;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import jp.oqsgateway.agent.pcsc.CardConnection;
import jp.oqsgateway.agent.pcsc.PcscException;
import jp.oqsgateway.agentprotocol.ErrorKind;

/**
 * The JPKI AP (公的個人認証 AP) of a My Number card, as far as user authentication needs it: identify the
 * card (SELECT AP + token EF 0006, never the ATR), read the 利用者証明用電子証明書 (EF 000A, no PIN), query
 * the retry counter without spending a try, VERIFY the 4-digit PIN once, and sign a SHA-256
 * DigestInfo with key EF 0017. Never retries a VERIFY. Every call selects what it needs first,
 * because pcscd powers the card off after its last client disconnects (which drops the verified
 * state). Runs on the reader's thread.
 */
public final class JpkiClient {
  static final String TOKEN_PREFIX = "JPKIAPICCTOKEN";
  private static final int MAX_CERTIFICATE = 8192;

  private final CardConnection card;

  public JpkiClient(CardConnection card) {
    this.card = card;
  }

  /** True when the card has a JPKI AP whose token EF reads {@code JPKIAPICCTOKEN…}. */
  public boolean isMyNumberCard() throws PcscException {
    int sw = Apdus.sw(card.transmit(Apdus.selectAp()));
    if (sw != Apdus.SW_OK) {
      return false;
    }
    if (Apdus.sw(card.transmit(Apdus.selectEf(Apdus.EF_TOKEN))) != Apdus.SW_OK) {
      return false;
    }
    byte[] r = card.transmit(Apdus.readBinary(0, 32));
    if (Apdus.sw(r) != Apdus.SW_OK) {
      return false;
    }
    return new String(Apdus.data(r), StandardCharsets.US_ASCII).trim().startsWith(TOKEN_PREFIX);
  }

  /** The DER of the user-authentication certificate. */
  public byte[] readAuthCertificate() throws PcscException, JpkiException {
    selectAp();
    expectOk(card.transmit(Apdus.selectEf(Apdus.EF_AUTH_CERT)), "select certificate EF");
    byte[] head = Apdus.data(expectOk(card.transmit(Apdus.readBinary(0, 4)), "read certificate"));
    int total = derLength(head);
    ByteArrayOutputStream out = new ByteArrayOutputStream(total);
    while (out.size() < total) {
      int n = Math.min(256, total - out.size());
      byte[] chunk =
          Apdus.data(expectOk(card.transmit(Apdus.readBinary(out.size(), n)), "read certificate"));
      if (chunk.length == 0) {
        throw new JpkiException(ErrorKind.UNREADABLE, "certificate EF shorter than its header");
      }
      out.write(chunk, 0, Math.min(chunk.length, total - out.size()));
    }
    return out.toByteArray();
  }

  /** The PIN retry counter, read with a VERIFY that carries no PIN (spends no try). */
  public int pinTriesLeft() throws PcscException, JpkiException {
    selectPinEf();
    int sw = Apdus.sw(card.transmit(Apdus.pinQuery()));
    if ((sw & 0xFFF0) == 0x63C0) {
      return sw & 0x0F;
    }
    if (sw == Apdus.SW_AUTH_BLOCKED) {
      return 0;
    }
    throw new JpkiException(ErrorKind.UNREADABLE, "retry counter query answered " + hex(sw));
  }

  /**
   * Sends the PIN once. The command buffer holding the digits is wiped; the caller wipes {@code
   * pin}.
   *
   * @throws IllegalArgumentException when {@code pin} is not 4 digits (nothing is sent)
   */
  public PinResult verifyPin(char[] pin) throws PcscException, JpkiException {
    if (!Pins.isWellFormed(pin)) {
      throw new IllegalArgumentException("the PIN must be 4 digits");
    }
    selectPinEf();
    byte[] command = Apdus.verify(pin);
    int sw;
    try {
      sw = Apdus.sw(card.transmit(command));
    } finally {
      Arrays.fill(command, (byte) 0);
    }
    if (sw == Apdus.SW_OK) {
      return new PinResult.Verified();
    }
    if (sw == Apdus.SW_AUTH_BLOCKED || sw == 0x63C0) {
      return new PinResult.Locked();
    }
    if ((sw & 0xFFF0) == 0x63C0) {
      return new PinResult.Wrong(sw & 0x0F);
    }
    throw new JpkiException(ErrorKind.UNREADABLE, "VERIFY answered " + hex(sw));
  }

  /**
   * Signs {@code message}: RSA PKCS#1 v1.5 over the SHA-256 DigestInfo, computed by the card. The
   * PIN must have been verified since the card was last powered on.
   */
  public byte[] sign(byte[] message) throws PcscException, JpkiException {
    byte[] digestInfo = digestInfo(message);
    expectOk(card.transmit(Apdus.selectEf(Apdus.EF_AUTH_KEY)), "select key EF");
    return Apdus.data(expectOk(card.transmit(Apdus.sign(digestInfo)), "sign"));
  }

  static byte[] digestInfo(byte[] message) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(message);
      byte[] d = Arrays.copyOf(Apdus.SHA256_DIGEST_INFO, Apdus.SHA256_DIGEST_INFO.length + 32);
      System.arraycopy(hash, 0, d, Apdus.SHA256_DIGEST_INFO.length, 32);
      return d;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void selectAp() throws PcscException, JpkiException {
    int sw = Apdus.sw(card.transmit(Apdus.selectAp()));
    if (sw == Apdus.SW_FILE_NOT_FOUND) {
      throw new JpkiException(ErrorKind.NOT_MYNUMBER, "no JPKI AP on this card");
    }
    if (sw != Apdus.SW_OK) {
      throw new JpkiException(ErrorKind.UNREADABLE, "select JPKI AP answered " + hex(sw));
    }
  }

  private void selectPinEf() throws PcscException, JpkiException {
    selectAp();
    expectOk(card.transmit(Apdus.selectEf(Apdus.EF_AUTH_PIN)), "select PIN EF");
  }

  private static byte[] expectOk(byte[] response, String what) throws JpkiException {
    int sw = Apdus.sw(response);
    if (sw != Apdus.SW_OK) {
      throw new JpkiException(ErrorKind.UNREADABLE, what + " answered " + hex(sw));
    }
    return response;
  }

  /** Total length of a DER SEQUENCE from its first bytes (short or 1–2 byte long form). */
  static int derLength(byte[] head) throws JpkiException {
    if (head.length < 2 || head[0] != 0x30) {
      throw new JpkiException(ErrorKind.UNREADABLE, "certificate EF holds no DER SEQUENCE");
    }
    int first = head[1] & 0xFF;
    int total;
    if (first < 0x80) {
      total = 2 + first;
    } else if (first == 0x81 && head.length >= 3) {
      total = 3 + (head[2] & 0xFF);
    } else if (first == 0x82 && head.length >= 4) {
      total = 4 + (((head[2] & 0xFF) << 8) | (head[3] & 0xFF));
    } else {
      throw new JpkiException(ErrorKind.UNREADABLE, "certificate length not understood");
    }
    if (total > MAX_CERTIFICATE) {
      throw new JpkiException(ErrorKind.UNREADABLE, "certificate longer than " + MAX_CERTIFICATE);
    }
    return total;
  }

  private static String hex(int sw) {
    return String.format("%04X", sw);
  }
}

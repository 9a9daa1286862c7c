package jp.oqsgateway.vcard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;

/**
 * The part of a My Number card (個人番号カード) that user authentication needs: the JPKI AP with its token
 * EF, the user-authentication certificate and its CA, the 4-digit authentication PIN with its retry
 * counter, and RSA-2048 signing with the authentication key. Pure bytes in, bytes out; {@link
 * VpcdCardConnection} plugs it into pcscd. Facts and their sources: docs/PCSC.md §7; what is
 * assumed rather than known: docs/PCSC.md §8 and docs/VIRTUAL-CARD.md.
 *
 * <p>Choices where the sources are silent:
 *
 * <ul>
 *   <li>The retry-counter query ({@code 00 20 00 80}, no data) always answers {@code 63 Cx}, even
 *       when the PIN is verified: OpenSC's JPKI driver treats anything but {@code 63 xx} as an
 *       error there and keeps the login state itself.
 *   <li>A blocked PIN answers VERIFY with {@code 69 83} (ISO 7816-4), the query with {@code 63 C0}.
 *   <li>Selecting an EF when the JPKI AP is not selected answers {@code 6A 82}: the EF is not in
 *       the current DF. No EF of the other APs is emulated.
 *   <li>READ BINARY past the end returns what remains + {@code 90 00}; at or beyond the end {@code
 *       6B 00}.
 *   <li>The signature certificate EF 0001 is there but unreadable ({@code 69 82}): the signature
 *       password (EF 001B) is not emulated, nor the signature key (001A) or its CA (0002).
 *   <li>The verified state survives EF selection (OpenSC selects the PIN EF and then the key EF)
 *       and is dropped by power off, reset and selecting another AP.
 * </ul>
 */
public final class JpkiApplet implements SmartCard {
  /** OpenSC's first JPKI ATR (pcsc-tools calls it JUKICARD); real cards vary. */
  static final byte[] ATR = HexFormat.of().parseHex("3BE000FF8131FE4514");

  static final byte[] JPKI_AID = HexFormat.of().parseHex("D392F000260100000001");
  private static final byte[][] OTHER_AIDS = {
    HexFormat.of().parseHex("D3921000310001010408"), // 券面事項入力補助AP
    HexFormat.of().parseHex("D3921000310001010402"), // 券面事項確認AP
    HexFormat.of().parseHex("D3921000310001010100"), // unnamed in the sources (住基AP?)
  };

  /** Token info of a My Number card, space-padded to the 32 bytes readers ask for. */
  static final byte[] TOKEN =
      Arrays.copyOf("JPKIAPICCTOKEN2".getBytes(StandardCharsets.US_ASCII), 32);

  static {
    Arrays.fill(TOKEN, 15, 32, (byte) ' ');
  }

  static final int EF_SIGN_CERT = 0x0001;
  static final int EF_TOKEN = 0x0006;
  static final int EF_AUTH_CERT = 0x000A;
  static final int EF_AUTH_CA = 0x000B;
  static final int EF_AUTH_KEY = 0x0017;
  static final int EF_AUTH_PIN = 0x0018;

  /** The authentication PIN allows 3 wrong tries (OpenSC JPKI_AUTH_PIN_MAX_TRIES). */
  public static final int MAX_TRIES = 3;

  static final int SW_OK = 0x9000;
  static final int SW_WRONG_LENGTH = 0x6700;
  static final int SW_INCOMPATIBLE_FILE = 0x6981;
  static final int SW_SECURITY_NOT_SATISFIED = 0x6982;
  static final int SW_AUTH_BLOCKED = 0x6983;
  static final int SW_NO_CURRENT_EF = 0x6986;
  static final int SW_FILE_NOT_FOUND = 0x6A82;
  static final int SW_WRONG_P1P2 = 0x6A86;
  static final int SW_OFFSET_OUT_OF_RANGE = 0x6B00;
  static final int SW_INS_NOT_SUPPORTED = 0x6D00;
  static final int SW_CLA_NOT_SUPPORTED = 0x6E00;
  static final int SW_UNKNOWN = 0x6F00;

  private enum Application {
    NONE,
    JPKI,
    OTHER
  }

  private final CardMaterial material;
  private final byte[] authCert;
  private final byte[] caCert;
  private final byte[] pin;

  private Application selectedAp = Application.NONE;
  private int selectedEf = -1;
  private boolean verified;
  private int triesLeft;

  /**
   * @param pin the 4-digit authentication PIN
   * @param triesLeft the retry counter on arrival, 0 to {@link #MAX_TRIES} (0 = blocked)
   */
  public JpkiApplet(CardMaterial material, String pin, int triesLeft) {
    if (pin == null || !pin.matches("[0-9]{4}")) {
      throw new IllegalArgumentException("the authentication PIN has 4 digits");
    }
    if (triesLeft < 0 || triesLeft > MAX_TRIES) {
      throw new IllegalArgumentException("PIN tries left must be 0.." + MAX_TRIES);
    }
    this.material = material;
    try {
      this.authCert = material.authCertificate().getEncoded();
      this.caCert =
          material.caCertificate().isPresent() ? material.caCertificate().get().getEncoded() : null;
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException(
          "card certificate cannot be encoded: " + e.getMessage(), e);
    }
    this.pin = pin.getBytes(StandardCharsets.US_ASCII);
    this.triesLeft = triesLeft;
  }

  /** The retry counter of the authentication PIN (0 = blocked). */
  public synchronized int pinTriesLeft() {
    return triesLeft;
  }

  @Override
  public byte[] atr() {
    return ATR.clone();
  }

  @Override
  public synchronized void powerOn() {
    clearVolatileState();
  }

  @Override
  public synchronized void powerOff() {
    clearVolatileState();
  }

  @Override
  public synchronized void reset() {
    clearVolatileState();
  }

  private void clearVolatileState() {
    selectedAp = Application.NONE;
    selectedEf = -1;
    verified = false;
  }

  @Override
  public synchronized byte[] transmit(byte[] command) {
    Apdu apdu = Apdu.parse(command);
    if (apdu == null) {
      return sw(SW_WRONG_LENGTH);
    }
    if (apdu.cla != 0x00 && apdu.cla != 0x80) {
      return sw(SW_CLA_NOT_SUPPORTED);
    }
    switch (apdu.ins) {
      case 0xA4:
        return apdu.cla == 0x00 ? select(apdu) : sw(SW_CLA_NOT_SUPPORTED);
      case 0xB0:
        return apdu.cla == 0x00 ? readBinary(apdu) : sw(SW_CLA_NOT_SUPPORTED);
      case 0x20:
        return apdu.cla == 0x00 ? verify(apdu) : sw(SW_CLA_NOT_SUPPORTED);
      case 0x2A:
        return apdu.cla == 0x80 ? sign(apdu) : sw(SW_CLA_NOT_SUPPORTED);
      default:
        return sw(SW_INS_NOT_SUPPORTED);
    }
  }

  private byte[] select(Apdu apdu) {
    if (apdu.p2 != 0x0C) {
      return sw(SW_WRONG_P1P2); // only "no response data", as every JPKI client sends
    }
    if (apdu.data == null || apdu.le >= 0) {
      return sw(SW_WRONG_LENGTH);
    }
    if (apdu.p1 == 0x04) {
      if (Arrays.equals(apdu.data, JPKI_AID)) {
        selectApplication(Application.JPKI);
        return sw(SW_OK);
      }
      for (byte[] aid : OTHER_AIDS) {
        if (Arrays.equals(apdu.data, aid)) {
          selectApplication(Application.OTHER);
          return sw(SW_OK);
        }
      }
      return sw(SW_FILE_NOT_FOUND);
    }
    if (apdu.p1 == 0x02) {
      if (apdu.data.length != 2) {
        return sw(SW_WRONG_LENGTH);
      }
      int fid = ((apdu.data[0] & 0xFF) << 8) | (apdu.data[1] & 0xFF);
      if (selectedAp != Application.JPKI || !jpkiFileExists(fid)) {
        return sw(SW_FILE_NOT_FOUND);
      }
      selectedEf = fid;
      return sw(SW_OK);
    }
    return sw(SW_WRONG_P1P2);
  }

  private void selectApplication(Application ap) {
    selectedAp = ap;
    selectedEf = -1;
    verified = false;
  }

  private boolean jpkiFileExists(int fid) {
    return switch (fid) {
      case EF_SIGN_CERT, EF_TOKEN, EF_AUTH_CERT, EF_AUTH_KEY, EF_AUTH_PIN -> true;
      case EF_AUTH_CA -> caCert != null;
      default -> false;
    };
  }

  private byte[] readBinary(Apdu apdu) {
    if (apdu.data != null || apdu.le < 0) {
      return sw(SW_WRONG_LENGTH);
    }
    if ((apdu.p1 & 0x80) != 0) {
      return sw(SW_WRONG_P1P2); // short EF identifiers are not emulated
    }
    byte[] content;
    switch (selectedEf) {
      case -1:
        return sw(SW_NO_CURRENT_EF);
      case EF_TOKEN:
        content = TOKEN;
        break;
      case EF_AUTH_CERT:
        content = authCert;
        break;
      case EF_AUTH_CA:
        content = caCert;
        break;
      case EF_SIGN_CERT:
        return sw(SW_SECURITY_NOT_SATISFIED);
      default:
        return sw(SW_INCOMPATIBLE_FILE); // key and PIN EFs are not transparent files
    }
    int offset = (apdu.p1 << 8) | apdu.p2;
    if (offset >= content.length) {
      return sw(SW_OFFSET_OUT_OF_RANGE);
    }
    int n = Math.min(apdu.le == 0 ? 256 : apdu.le, content.length - offset);
    return withSw(Arrays.copyOfRange(content, offset, offset + n), SW_OK);
  }

  private byte[] verify(Apdu apdu) {
    if (apdu.p1 != 0x00 || apdu.p2 != 0x80) {
      return sw(SW_WRONG_P1P2);
    }
    if (apdu.le >= 0) {
      return sw(SW_WRONG_LENGTH);
    }
    if (selectedAp != Application.JPKI || selectedEf != EF_AUTH_PIN) {
      return sw(SW_NO_CURRENT_EF);
    }
    if (apdu.data == null) {
      return sw(0x63C0 | triesLeft);
    }
    if (apdu.data.length != pin.length) {
      return sw(SW_WRONG_LENGTH);
    }
    if (triesLeft == 0) {
      return sw(SW_AUTH_BLOCKED);
    }
    if (MessageDigest.isEqual(apdu.data, pin)) {
      triesLeft = MAX_TRIES;
      verified = true;
      return sw(SW_OK);
    }
    triesLeft--;
    verified = false;
    return sw(0x63C0 | triesLeft);
  }

  private byte[] sign(Apdu apdu) {
    if (apdu.p1 != 0x00 || apdu.p2 != 0x80) {
      return sw(SW_WRONG_P1P2);
    }
    if (apdu.data == null) {
      return sw(SW_WRONG_LENGTH);
    }
    if (selectedAp != Application.JPKI || selectedEf != EF_AUTH_KEY) {
      return sw(SW_NO_CURRENT_EF);
    }
    if (!verified) {
      return sw(SW_SECURITY_NOT_SATISFIED);
    }
    try {
      // RSA with PKCS#1 v1.5 block type 1 over the host's DigestInfo ("hash none, pad PKCS1").
      Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      rsa.init(Cipher.ENCRYPT_MODE, material.authKey());
      return withSw(rsa.doFinal(apdu.data), SW_OK);
    } catch (javax.crypto.IllegalBlockSizeException e) {
      return sw(SW_WRONG_LENGTH); // longer than the key allows with padding
    } catch (GeneralSecurityException e) {
      return sw(SW_UNKNOWN);
    }
  }

  private static byte[] sw(int sw) {
    return new byte[] {(byte) (sw >> 8), (byte) sw};
  }

  private static byte[] withSw(byte[] data, int sw) {
    byte[] r = Arrays.copyOf(data, data.length + 2);
    r[data.length] = (byte) (sw >> 8);
    r[data.length + 1] = (byte) sw;
    return r;
  }

  /** A short command APDU (ISO 7816-4 cases 1–4); extended length is not supported. */
  private static final class Apdu {
    final int cla;
    final int ins;
    final int p1;
    final int p2;
    final byte[] data; // null when absent
    final int le; // -1 when absent, 0 = 256

    private Apdu(int cla, int ins, int p1, int p2, byte[] data, int le) {
      this.cla = cla;
      this.ins = ins;
      this.p1 = p1;
      this.p2 = p2;
      this.data = data;
      this.le = le;
    }

    /** Null when malformed. */
    static Apdu parse(byte[] c) {
      if (c == null || c.length < 4) {
        return null;
      }
      int cla = c[0] & 0xFF;
      int ins = c[1] & 0xFF;
      int p1 = c[2] & 0xFF;
      int p2 = c[3] & 0xFF;
      if (c.length == 4) {
        return new Apdu(cla, ins, p1, p2, null, -1);
      }
      int b5 = c[4] & 0xFF;
      if (c.length == 5) {
        return new Apdu(cla, ins, p1, p2, null, b5);
      }
      if (b5 == 0) {
        return null; // extended length
      }
      if (c.length == 5 + b5) {
        return new Apdu(cla, ins, p1, p2, Arrays.copyOfRange(c, 5, 5 + b5), -1);
      }
      if (c.length == 6 + b5) {
        return new Apdu(cla, ins, p1, p2, Arrays.copyOfRange(c, 5, 5 + b5), c[5 + b5] & 0xFF);
      }
      return null;
    }
  }
}

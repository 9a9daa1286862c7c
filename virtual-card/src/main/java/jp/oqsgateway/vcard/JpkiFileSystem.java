package jp.oqsgateway.vcard;

import static jp.oqsgateway.vcard.StatusWords.SW_INCOMPATIBLE_FILE;
import static jp.oqsgateway.vcard.StatusWords.SW_NO_CURRENT_EF;
import static jp.oqsgateway.vcard.StatusWords.SW_OFFSET_OUT_OF_RANGE;
import static jp.oqsgateway.vcard.StatusWords.SW_OK;
import static jp.oqsgateway.vcard.StatusWords.SW_SECURITY_NOT_SATISFIED;
import static jp.oqsgateway.vcard.StatusWords.SW_WRONG_LENGTH;
import static jp.oqsgateway.vcard.StatusWords.SW_WRONG_P1P2;
import static jp.oqsgateway.vcard.StatusWords.sw;
import static jp.oqsgateway.vcard.StatusWords.withSw;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The card's applications and files as the JPKI AP shows them (docs/PCSC.md §7): which AP and which
 * EF are selected, and what READ BINARY returns from the transparent EFs (the token, the
 * user-authentication certificate and its CA). The key and PIN EFs are only there to be selected;
 * {@link AuthSignature} and {@link AuthPin} act on them. Not thread-safe: {@link JpkiApplet} calls
 * it under its lock.
 */
final class JpkiFileSystem {
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

  private enum Application {
    NONE,
    JPKI,
    OTHER
  }

  private final byte[] authCert;
  private final byte[] caCert;

  private Application selectedAp = Application.NONE;
  private int selectedEf = -1;

  JpkiFileSystem(CardMaterial material) {
    try {
      this.authCert = material.authCertificate().getEncoded();
      this.caCert =
          material.caCertificate().isPresent() ? material.caCertificate().get().getEncoded() : null;
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException(
          "card certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** Forgets which AP and EF are selected, as power off and reset do. */
  void clearSelection() {
    selectedAp = Application.NONE;
    selectedEf = -1;
  }

  /** Selects the AP named {@code aid}; false, and nothing changes, when the card has none. */
  boolean selectApplication(byte[] aid) {
    if (Arrays.equals(aid, JPKI_AID)) {
      selectApp(Application.JPKI);
      return true;
    }
    for (byte[] other : OTHER_AIDS) {
      if (Arrays.equals(aid, other)) {
        selectApp(Application.OTHER);
        return true;
      }
    }
    return false;
  }

  private void selectApp(Application ap) {
    selectedAp = ap;
    selectedEf = -1;
  }

  /** Selects EF {@code fid} of the current DF; false when it is not there. */
  boolean selectFile(int fid) {
    if (selectedAp != Application.JPKI || !jpkiFileExists(fid)) {
      return false;
    }
    selectedEf = fid;
    return true;
  }

  /** Whether the JPKI AP and, in it, EF {@code fid} are selected. */
  boolean isSelected(int fid) {
    return selectedAp == Application.JPKI && selectedEf == fid;
  }

  private boolean jpkiFileExists(int fid) {
    return switch (fid) {
      case EF_SIGN_CERT, EF_TOKEN, EF_AUTH_CERT, EF_AUTH_KEY, EF_AUTH_PIN -> true;
      case EF_AUTH_CA -> caCert != null;
      default -> false;
    };
  }

  /** READ BINARY ({@code 00 B0}) from the selected EF. */
  byte[] readBinary(CommandApdu apdu) {
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
}

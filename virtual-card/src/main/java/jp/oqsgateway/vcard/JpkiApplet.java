package jp.oqsgateway.vcard;

import static jp.oqsgateway.vcard.StatusWords.SW_CLA_NOT_SUPPORTED;
import static jp.oqsgateway.vcard.StatusWords.SW_FILE_NOT_FOUND;
import static jp.oqsgateway.vcard.StatusWords.SW_INS_NOT_SUPPORTED;
import static jp.oqsgateway.vcard.StatusWords.SW_OK;
import static jp.oqsgateway.vcard.StatusWords.SW_WRONG_LENGTH;
import static jp.oqsgateway.vcard.StatusWords.SW_WRONG_P1P2;
import static jp.oqsgateway.vcard.StatusWords.sw;

import java.util.HexFormat;

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
 *
 * <p>This class dispatches the commands; {@link JpkiFileSystem} holds the APs and EFs, {@link
 * AuthPin} the PIN and {@link AuthSignature} the signing key.
 */
public final class JpkiApplet implements SmartCard {
  /** OpenSC's first JPKI ATR (pcsc-tools calls it JUKICARD); real cards vary. */
  static final byte[] ATR = HexFormat.of().parseHex("3BE000FF8131FE4514");

  /** The authentication PIN allows 3 wrong tries (OpenSC JPKI_AUTH_PIN_MAX_TRIES). */
  public static final int MAX_TRIES = 3;

  private final AuthPin pin;
  private final JpkiFileSystem files;
  private final AuthSignature signature;

  /**
   * @param pin the 4-digit authentication PIN
   * @param triesLeft the retry counter on arrival, 0 to {@link #MAX_TRIES} (0 = blocked)
   */
  public JpkiApplet(CardMaterial material, String pin, int triesLeft) {
    this.pin = new AuthPin(pin, triesLeft);
    this.files = new JpkiFileSystem(material);
    this.signature = new AuthSignature(material.authKey());
  }

  /** The retry counter of the authentication PIN (0 = blocked). */
  public synchronized int pinTriesLeft() {
    return pin.triesLeft();
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
    files.clearSelection();
    pin.logout();
  }

  @Override
  public synchronized byte[] transmit(byte[] command) {
    CommandApdu apdu = CommandApdu.parse(command);
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
        return apdu.cla == 0x00 ? files.readBinary(apdu) : sw(SW_CLA_NOT_SUPPORTED);
      case 0x20:
        return apdu.cla == 0x00
            ? pin.verify(apdu, files.isSelected(JpkiFileSystem.EF_AUTH_PIN))
            : sw(SW_CLA_NOT_SUPPORTED);
      case 0x2A:
        return apdu.cla == 0x80
            ? signature.sign(apdu, files.isSelected(JpkiFileSystem.EF_AUTH_KEY), pin.isVerified())
            : sw(SW_CLA_NOT_SUPPORTED);
      default:
        return sw(SW_INS_NOT_SUPPORTED);
    }
  }

  private byte[] select(CommandApdu apdu) {
    if (apdu.p2 != 0x0C) {
      return sw(SW_WRONG_P1P2); // only "no response data", as every JPKI client sends
    }
    if (apdu.data == null || apdu.le >= 0) {
      return sw(SW_WRONG_LENGTH);
    }
    if (apdu.p1 == 0x04) {
      if (!files.selectApplication(apdu.data)) {
        return sw(SW_FILE_NOT_FOUND);
      }
      pin.logout();
      return sw(SW_OK);
    }
    if (apdu.p1 == 0x02) {
      if (apdu.data.length != 2) {
        return sw(SW_WRONG_LENGTH);
      }
      int fid = ((apdu.data[0] & 0xFF) << 8) | (apdu.data[1] & 0xFF);
      return files.selectFile(fid) ? sw(SW_OK) : sw(SW_FILE_NOT_FOUND);
    }
    return sw(SW_WRONG_P1P2);
  }
}

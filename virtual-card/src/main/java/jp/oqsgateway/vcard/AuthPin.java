package jp.oqsgateway.vcard;

import static jp.oqsgateway.vcard.StatusWords.SW_AUTH_BLOCKED;
import static jp.oqsgateway.vcard.StatusWords.SW_NO_CURRENT_EF;
import static jp.oqsgateway.vcard.StatusWords.SW_OK;
import static jp.oqsgateway.vcard.StatusWords.SW_WRONG_LENGTH;
import static jp.oqsgateway.vcard.StatusWords.SW_WRONG_P1P2;
import static jp.oqsgateway.vcard.StatusWords.sw;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The 4-digit authentication PIN of the JPKI AP (EF 0018), its retry counter, and the verified
 * state a right PIN grants. Not thread-safe: {@link JpkiApplet} calls it under its lock.
 */
final class AuthPin {
  private final byte[] pin;
  private int triesLeft;
  private boolean verified;

  /**
   * @param pin the 4-digit authentication PIN
   * @param triesLeft the retry counter on arrival, 0 to {@link JpkiApplet#MAX_TRIES} (0 = blocked)
   */
  AuthPin(String pin, int triesLeft) {
    if (pin == null || !pin.matches("[0-9]{4}")) {
      throw new IllegalArgumentException("the authentication PIN has 4 digits");
    }
    if (triesLeft < 0 || triesLeft > JpkiApplet.MAX_TRIES) {
      throw new IllegalArgumentException("PIN tries left must be 0.." + JpkiApplet.MAX_TRIES);
    }
    this.pin = pin.getBytes(StandardCharsets.US_ASCII);
    this.triesLeft = triesLeft;
  }

  /** The retry counter (0 = blocked). */
  int triesLeft() {
    return triesLeft;
  }

  boolean isVerified() {
    return verified;
  }

  /** Drops the verified state, as power off, reset and selecting an AP do. */
  void logout() {
    verified = false;
  }

  /**
   * VERIFY ({@code 00 20 00 80}): with data, checks the PIN; without, answers the retry counter.
   *
   * @param pinSelected whether the JPKI AP and its PIN EF are selected
   */
  byte[] verify(CommandApdu apdu, boolean pinSelected) {
    if (apdu.p1 != 0x00 || apdu.p2 != 0x80) {
      return sw(SW_WRONG_P1P2);
    }
    if (apdu.le >= 0) {
      return sw(SW_WRONG_LENGTH);
    }
    if (!pinSelected) {
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
      triesLeft = JpkiApplet.MAX_TRIES;
      verified = true;
      return sw(SW_OK);
    }
    triesLeft--;
    verified = false;
    return sw(0x63C0 | triesLeft);
  }
}

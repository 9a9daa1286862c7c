package jp.oqsgateway.agent.jpki;

import java.util.Arrays;

/** PIN hygiene: the only checks and wiping done on PINs. PINs are never logged or stored. */
public final class Pins {
  public static final int LENGTH = 4;

  private Pins() {}

  /** Exactly four ASCII digits. */
  public static boolean isWellFormed(char[] pin) {
    if (pin == null || pin.length != LENGTH) {
      return false;
    }
    for (char c : pin) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  public static void wipe(char[] pin) {
    if (pin != null) {
      Arrays.fill(pin, '\0');
    }
  }
}

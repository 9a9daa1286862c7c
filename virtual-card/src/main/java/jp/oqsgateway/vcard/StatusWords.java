package jp.oqsgateway.vcard;

import java.util.Arrays;

/** The status words the JPKI applet answers (ISO 7816-4), and responses built from them. */
final class StatusWords {
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

  private StatusWords() {}

  /** A response of only the status word. */
  static byte[] sw(int sw) {
    return new byte[] {(byte) (sw >> 8), (byte) sw};
  }

  /** A response of {@code data} followed by the status word. */
  static byte[] withSw(byte[] data, int sw) {
    byte[] r = Arrays.copyOf(data, data.length + 2);
    r[data.length] = (byte) (sw >> 8);
    r[data.length + 1] = (byte) sw;
    return r;
  }
}

package jp.oqsgateway.vcard;

import java.util.Arrays;

/** A short command APDU (ISO 7816-4 cases 1–4); extended length is not supported. */
final class CommandApdu {
  final int cla;
  final int ins;
  final int p1;
  final int p2;
  final byte[] data; // null when absent
  final int le; // -1 when absent, 0 = 256

  private CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int le) {
    this.cla = cla;
    this.ins = ins;
    this.p1 = p1;
    this.p2 = p2;
    this.data = data;
    this.le = le;
  }

  /** Null when malformed. */
  static CommandApdu parse(byte[] c) {
    if (c == null || c.length < 4) {
      return null;
    }
    int cla = c[0] & 0xFF;
    int ins = c[1] & 0xFF;
    int p1 = c[2] & 0xFF;
    int p2 = c[3] & 0xFF;
    if (c.length == 4) {
      return new CommandApdu(cla, ins, p1, p2, null, -1);
    }
    int b5 = c[4] & 0xFF;
    if (c.length == 5) {
      return new CommandApdu(cla, ins, p1, p2, null, b5);
    }
    if (b5 == 0) {
      return null; // extended length
    }
    if (c.length == 5 + b5) {
      return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(c, 5, 5 + b5), -1);
    }
    if (c.length == 6 + b5) {
      return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(c, 5, 5 + b5), c[5 + b5] & 0xFF);
    }
    return null;
  }
}

package jp.oqsgateway.agent.jpki;

/** The JPKI AP's command APDUs (docs/PCSC.md §7) and status-word helpers. */
final class Apdus {
  static final byte[] JPKI_AID = {
    (byte) 0xD3, (byte) 0x92, (byte) 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01
  };
  static final int EF_TOKEN = 0x0006;
  static final int EF_AUTH_CERT = 0x000A;
  static final int EF_AUTH_KEY = 0x0017;
  static final int EF_AUTH_PIN = 0x0018;

  static final int SW_OK = 0x9000;
  static final int SW_FILE_NOT_FOUND = 0x6A82;
  static final int SW_AUTH_BLOCKED = 0x6983;

  /** SHA-256 DigestInfo prefix (PKCS#1 v1.5). */
  static final byte[] SHA256_DIGEST_INFO = {
    0x30,
    0x31,
    0x30,
    0x0D,
    0x06,
    0x09,
    0x60,
    (byte) 0x86,
    0x48,
    0x01,
    0x65,
    0x03,
    0x04,
    0x02,
    0x01,
    0x05,
    0x00,
    0x04,
    0x20
  };

  private Apdus() {}

  static byte[] selectAp() {
    byte[] c = new byte[5 + JPKI_AID.length];
    c[0] = 0x00;
    c[1] = (byte) 0xA4;
    c[2] = 0x04;
    c[3] = 0x0C;
    c[4] = (byte) JPKI_AID.length;
    System.arraycopy(JPKI_AID, 0, c, 5, JPKI_AID.length);
    return c;
  }

  static byte[] selectEf(int fid) {
    return new byte[] {0x00, (byte) 0xA4, 0x02, 0x0C, 0x02, (byte) (fid >> 8), (byte) fid};
  }

  /** READ BINARY of {@code length} (1–256) bytes at {@code offset}. */
  static byte[] readBinary(int offset, int length) {
    return new byte[] {0x00, (byte) 0xB0, (byte) (offset >> 8), (byte) offset, (byte) length};
  }

  /** VERIFY with no data: asks for the retry counter without spending a try. */
  static byte[] pinQuery() {
    return new byte[] {0x00, 0x20, 0x00, (byte) 0x80};
  }

  /** VERIFY with the PIN's ASCII digits. The caller wipes the returned array after use. */
  static byte[] verify(char[] pin) {
    byte[] c = new byte[5 + pin.length];
    c[1] = 0x20;
    c[3] = (byte) 0x80;
    c[4] = (byte) pin.length;
    for (int i = 0; i < pin.length; i++) {
      c[5 + i] = (byte) pin[i];
    }
    return c;
  }

  /** COMPUTE DIGITAL SIGNATURE over a DigestInfo, expecting up to 256 bytes. */
  static byte[] sign(byte[] digestInfo) {
    byte[] c = new byte[6 + digestInfo.length];
    c[0] = (byte) 0x80;
    c[1] = 0x2A;
    c[3] = (byte) 0x80;
    c[4] = (byte) digestInfo.length;
    System.arraycopy(digestInfo, 0, c, 5, digestInfo.length);
    return c;
  }

  static int sw(byte[] response) {
    if (response.length < 2) {
      return -1;
    }
    return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
  }

  static byte[] data(byte[] response) {
    return java.util.Arrays.copyOf(response, Math.max(0, response.length - 2));
  }
}

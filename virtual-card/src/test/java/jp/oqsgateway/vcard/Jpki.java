package jp.oqsgateway.vcard;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/** The JPKI client side of the tests: APDUs as a reader agent sends them, over any transport. */
final class Jpki {
  static final String SELECT_JPKI_AP = "00A4040C0AD392F000260100000001";
  static final byte[] SHA256_DIGEST_INFO_PREFIX =
      HexFormat.of().parseHex("3031300D060960864801650304020105000420");

  private final UnaryOperator<byte[]> transmit;

  Jpki(UnaryOperator<byte[]> transmit) {
    this.transmit = transmit;
  }

  byte[] send(String hex) {
    return transmit.apply(HexFormat.of().parseHex(hex));
  }

  static int sw(byte[] response) {
    return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
  }

  static byte[] data(byte[] response) {
    return Arrays.copyOf(response, response.length - 2);
  }

  int selectAp() {
    return sw(send(SELECT_JPKI_AP));
  }

  int selectEf(int fid) {
    return sw(send(String.format("00A4020C02%04X", fid)));
  }

  String token() {
    selectEf(0x0006);
    byte[] r = send("00B0000020");
    return new String(data(r), StandardCharsets.US_ASCII).strip();
  }

  /** Reads a certificate EF the way OpenSC does: 4 header bytes for the length, then chunks. */
  X509Certificate certificate(int fid, int chunk) throws GeneralSecurityException {
    if (selectEf(fid) != 0x9000) {
      throw new IllegalStateException("select " + fid);
    }
    byte[] head = data(send("00B0000004"));
    int length = (((head[2] & 0xFF) << 8) | (head[3] & 0xFF)) + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < length) {
      int n = Math.min(chunk, length - out.size());
      byte[] r = send(String.format("00B0%04X%02X", out.size(), n == 256 ? 0 : n));
      if (sw(r) != 0x9000) {
        throw new IllegalStateException(String.format("read binary %04X", sw(r)));
      }
      out.writeBytes(data(r));
    }
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(out.toByteArray()));
  }

  /** Selects the PIN EF and verifies; the status word. */
  int verify(String pin) {
    selectEf(0x0018);
    return sw(
        send("0020008004" + HexFormat.of().formatHex(pin.getBytes(StandardCharsets.US_ASCII))));
  }

  int pinQuery() {
    selectEf(0x0018);
    return sw(send("00200080"));
  }

  /** Selects the key EF and signs SHA-256 DigestInfo of {@code message}; the whole response. */
  byte[] sign(byte[] message) throws GeneralSecurityException {
    selectEf(0x0017);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
    byte[] info = Arrays.copyOf(SHA256_DIGEST_INFO_PREFIX, SHA256_DIGEST_INFO_PREFIX.length + 32);
    System.arraycopy(digest, 0, info, SHA256_DIGEST_INFO_PREFIX.length, 32);
    return send(
        "802A0080" + String.format("%02X", info.length) + HexFormat.of().formatHex(info) + "00");
  }
}

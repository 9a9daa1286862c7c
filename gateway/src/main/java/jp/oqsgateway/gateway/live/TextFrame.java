package jp.oqsgateway.gateway.live;

import java.nio.charset.StandardCharsets;

/**
 * A WebSocket text message as the bytes a server puts on the wire (RFC 6455 §5.2): one final frame,
 * opcode text, no mask (a server never masks), no extension bit (a message sent uncompressed is
 * valid also where permessage-deflate was agreed, RFC 7692 §6). Encoded once per event, the same
 * bytes go to every connection that takes it.
 */
public final class TextFrame {
  private TextFrame() {}

  public static byte[] of(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int n = payload.length;
    int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
    byte[] frame = new byte[header + n];
    frame[0] = (byte) 0x81; // FIN, text
    if (n < 126) {
      frame[1] = (byte) n;
    } else if (n <= 0xFFFF) {
      frame[1] = 126;
      frame[2] = (byte) (n >>> 8);
      frame[3] = (byte) n;
    } else {
      frame[1] = 127;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, 0, frame, header, n);
    return frame;
  }
}

package jp.oqsgateway.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frames the feed writes itself are read back by Netty's own WebSocket decoder, as a client
 * reads them: every length form of RFC 6455 (7-bit, 16-bit, 64-bit), Japanese text intact.
 */
class TextFrameTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
  void aClientDecodesTheTextItWasSentWhateverItsLength(int bytes) {
    String text = "受".repeat(bytes / 3) + "x".repeat(bytes % 3);
    assertThat(decoded(TextFrame.of(text))).isEqualTo(text);
  }

  @Test
  void twoFramesWrittenBackToBackAreReadAsTwoMessages() {
    byte[] first = TextFrame.of("{\"type\":\"event\",\"n\":1}");
    byte[] second = TextFrame.of("資格確認");
    EmbeddedChannel client = client();
    client.writeInbound(Unpooled.wrappedBuffer(first, second));
    assertThat(((TextWebSocketFrame) client.readInbound()).text())
        .isEqualTo("{\"type\":\"event\",\"n\":1}");
    assertThat(((TextWebSocketFrame) client.readInbound()).text()).isEqualTo("資格確認");
    client.finishAndReleaseAll();
  }

  private static String decoded(byte[] frame) {
    EmbeddedChannel client = client();
    client.writeInbound(Unpooled.wrappedBuffer(frame));
    TextWebSocketFrame message = client.readInbound();
    try {
      assertThat(message.isFinalFragment()).isTrue();
      assertThat(message.rsv()).as("no extension bit").isZero();
      return message.text();
    } finally {
      message.release();
      client.finishAndReleaseAll();
    }
  }

  /** A client's decoder: it expects unmasked frames from a server. */
  private static EmbeddedChannel client() {
    return new EmbeddedChannel(
        new WebSocket13FrameDecoder(
            WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .maxFramePayloadLength(1 << 20)
                .build()));
  }
}

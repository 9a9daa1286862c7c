package jp.oqsgateway.gateway.http.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.ByteBuffer;

/**
 * The live feed's writes to one WebSocket, below Vert.x's per-message path: frames encoded once per
 * event ({@link jp.oqsgateway.gateway.live.TextFrame}) are appended to the socket's channel as they
 * are (no copy, no per-connection encoding), and one flush per relay round writes them all at once.
 * Through Vert.x each message is its own flush, one system call per message and connection: at
 * 1,000 connections that, not the events, is what an event loop spends its time on
 * (docs/PERFORMANCE.md). Only whole frames are written, so Vert.x's own control frames (ping,
 * close) may come between them; everything runs on the socket's event loop. The channel is the
 * upgraded HTTP connection's: after the upgrade its pipeline ends in the WebSocket's handler, below
 * which the frames go out as they are (Vert.x offers no public way to it; {@code
 * LiveFeedOverWebSocketTest} fails should a Vert.x upgrade move it).
 *
 * <p>The write of a round's last frame carries the only completion listener: Netty completes writes
 * in order, so when it is done the round's frames are all on the socket. That is how the messages
 * still waiting are counted without a future per message.
 */
final class SocketFrames {
  private final Channel channel;
  private ByteBuf last;
  private int appended;
  private int waiting;
  private ChannelFuture lastWrite;

  /** The frames of the WebSocket that {@code upgraded} became. */
  SocketFrames(HttpConnection upgraded) {
    this.channel = ((ConnectionBase) upgraded).channel();
  }

  /** A message of the connection's own. */
  void append(byte[] frame) {
    append(Unpooled.wrappedBuffer(frame), 1);
  }

  /**
   * {@code messages} whole frames in a buffer shared with other connections: written from a
   * duplicate, never copied (a direct buffer goes to the socket as it is).
   */
  void append(ByteBuffer frames, int messages) {
    append(Unpooled.wrappedBuffer(frames.duplicate()), messages);
  }

  private void append(ByteBuf frames, int messages) {
    if (last != null) {
      channel.write(last, channel.voidPromise());
    }
    last = frames;
    appended += messages;
    waiting += messages;
  }

  void flush() {
    if (last == null) {
      return;
    }
    int round = appended;
    ByteBuf frame = last;
    last = null;
    appended = 0;
    lastWrite = channel.writeAndFlush(frame);
    lastWrite.addListener(f -> waiting -= round);
  }

  int waiting() {
    return waiting;
  }

  boolean full() {
    return !channel.isWritable();
  }

  void afterWritten(Runnable next) {
    if (lastWrite == null || lastWrite.isDone()) {
      next.run();
    } else {
      lastWrite.addListener(f -> next.run());
    }
  }
}

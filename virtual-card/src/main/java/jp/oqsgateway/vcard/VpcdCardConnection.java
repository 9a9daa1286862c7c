package jp.oqsgateway.vcard;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card side of the vsmartcard vpcd protocol (docs/PCSC.md §5), on a thread of its own. Inserted
 * means connected to vpcd; removed means the socket is closed. When vpcd closes the socket while
 * the card is inserted (pcscd stopped or restarted) it connects again every {@code retry}, so the
 * card comes back with pcscd.
 *
 * <p>Frames are a big-endian uint16 length and that many bytes. From vpcd, one byte is a control
 * message: 0x00 power off, 0x01 power on, 0x02 reset (no answer), 0x04 get ATR (answered with the
 * ATR); anything longer is a command APDU, answered with one response frame written as one segment.
 * vpcd sends the length and the body in two segments, so the card asks for TCP_QUICKACK before each
 * read; without it every APDU waits ~40 ms for a delayed ACK (docs/PCSC.md §6).
 */
public final class VpcdCardConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VpcdCardConnection.class);
  private static final int CTRL_OFF = 0x00;
  private static final int CTRL_ON = 0x01;
  private static final int CTRL_RESET = 0x02;
  private static final int CTRL_ATR = 0x04;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(5);

  private final InetSocketAddress vpcd;
  private final Duration retry;
  private final Object lock = new Object();
  private final Thread thread;
  private final AtomicLong apdus = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();

  private volatile SmartCard card;
  // guarded by lock
  private boolean inserted;
  private boolean closed;
  private Socket socket;
  private boolean connected;
  private boolean served;
  private boolean powered;

  /** A removed card for the vpcd at {@code vpcd}; {@link #insert()} plugs it in. */
  public VpcdCardConnection(InetSocketAddress vpcd, SmartCard card, Duration retry) {
    this.vpcd = vpcd;
    this.card = card;
    this.retry = retry;
    this.thread = new Thread(this::run, "vpcd-card-" + vpcd.getPort());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Wants the card in the reader: connects now, and again whenever vpcd drops it. */
  public void insert() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      inserted = true;
      lock.notifyAll();
    }
  }

  /** Pulls the card out: closes the socket and returns once the card thread let go of it. */
  public void remove() {
    synchronized (lock) {
      inserted = false;
      closeSocket();
      lock.notifyAll();
      long deadline = System.nanoTime() + REMOVE_TIMEOUT.toNanos();
      while (connected && System.nanoTime() < deadline) {
        try {
          lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Replaces the card; only while it is removed. */
  public void setCard(SmartCard card) {
    synchronized (lock) {
      if (inserted || connected) {
        throw new IllegalStateException("remove the card first");
      }
      this.card = card;
    }
  }

  public SmartCard card() {
    return card;
  }

  public boolean isInserted() {
    synchronized (lock) {
      return inserted;
    }
  }

  /** Connected to vpcd's port (vpcd may still be serving another card on it). */
  public boolean isConnected() {
    synchronized (lock) {
      return connected;
    }
  }

  /** vpcd has talked to this card on the current connection: the reader holds it. */
  public boolean isServed() {
    synchronized (lock) {
      return served;
    }
  }

  public boolean isPowered() {
    synchronized (lock) {
      return powered;
    }
  }

  /** Command APDUs answered since this connection object was created. */
  public long apdus() {
    return apdus.get();
  }

  /** Successful connections to vpcd so far. */
  public long connections() {
    return connections.get();
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    remove();
    thread.interrupt();
    try {
      thread.join(REMOVE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeSocket() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        log.debug("closing the vpcd socket: {}", e.toString());
      }
    }
  }

  private void run() {
    boolean reportedUnreachable = false;
    while (true) {
      synchronized (lock) {
        while (!inserted && !closed) {
          if (!waitOnLock(0)) {
            return;
          }
        }
        if (closed) {
          return;
        }
      }
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.connect(vpcd, (int) CONNECT_TIMEOUT.toMillis());
        synchronized (lock) {
          if (!inserted || closed) {
            s.close();
            continue;
          }
          socket = s;
          connected = true;
        }
        connections.incrementAndGet();
        reportedUnreachable = false;
        log.info("card connected to vpcd port {}", vpcd.getPort());
        serve(s);
      } catch (IOException e) {
        boolean wanted;
        synchronized (lock) {
          wanted = inserted && !closed;
        }
        if (wanted && !s.isConnected() && !reportedUnreachable) {
          log.info(
              "vpcd at port {} not reachable ({}); retrying every {} ms",
              vpcd.getPort(),
              e.getMessage(),
              retry.toMillis());
          reportedUnreachable = true;
        }
      } finally {
        boolean wasConnected;
        synchronized (lock) {
          wasConnected = socket == s;
          try {
            s.close();
          } catch (IOException e) {
            log.debug("closing the vpcd socket: {}", e.toString());
          }
          if (wasConnected) {
            socket = null;
            connected = false;
            served = false;
            powered = false;
          }
          lock.notifyAll();
        }
        if (wasConnected) {
          card.powerOff(); // out of the reader: no power, no security state
          log.info("card disconnected from vpcd port {}", vpcd.getPort());
        }
      }
      synchronized (lock) {
        if (inserted && !closed && !waitOnLock(retry.toMillis())) {
          return;
        }
      }
    }
  }

  /** Waits on the lock (held by the caller); false when interrupted. */
  private boolean waitOnLock(long millis) {
    try {
      lock.wait(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void serve(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    byte[] header = new byte[2];
    while (true) {
      readFully(s, in, header);
      int length = ((header[0] & 0xFF) << 8) | (header[1] & 0xFF);
      byte[] message = new byte[length];
      readFully(s, in, message);
      synchronized (lock) {
        served = true;
      }
      SmartCard c = card;
      if (length == 1) {
        switch (message[0] & 0xFF) {
          case CTRL_OFF -> {
            setPowered(false);
            c.powerOff();
          }
          case CTRL_ON -> {
            setPowered(true);
            c.powerOn();
          }
          case CTRL_RESET -> c.reset();
          case CTRL_ATR -> send(out, c.atr());
          default -> log.debug("unknown vpcd control message {}", message[0] & 0xFF);
        }
      } else if (length > 1) {
        send(out, c.transmit(message));
        apdus.incrementAndGet();
      }
    }
  }

  private void setPowered(boolean on) {
    synchronized (lock) {
      powered = on;
    }
  }

  private static void send(OutputStream out, byte[] body) throws IOException {
    byte[] frame = new byte[2 + body.length];
    frame[0] = (byte) (body.length >> 8);
    frame[1] = (byte) body.length;
    System.arraycopy(body, 0, frame, 2, body.length);
    out.write(frame); // one write, one segment (TCP_NODELAY)
    out.flush();
  }

  private static void readFully(Socket s, InputStream in, byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      quickAck(s);
      int n = in.read(b, off, b.length - off);
      if (n < 0) {
        throw new EOFException("vpcd closed the connection");
      }
      off += n;
    }
  }

  private static void quickAck(Socket s) throws IOException {
    if (s.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
      s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
    }
  }
}

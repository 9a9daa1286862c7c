package jp.oqsgateway.agent.pcsc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.vcard.SmartCard;

/**
 * PC/SC in memory, for tests: readers that can be plugged and unplugged, cards (any {@link
 * SmartCard}, e.g. the virtual card's JPKI applet) put in and taken out, and the service stopped
 * and started like pcscd. A stop invalidates every open context, as a pcscd restart does. Like
 * pcscd, a card is powered off when its last connection closes. Records every command APDU.
 */
public final class SimulatedPcsc implements Pcsc {
  private final Map<String, SmartCard> readers = new LinkedHashMap<>();
  private final List<byte[]> commands = new ArrayList<>();
  private boolean running = true;
  private long generation;
  private int connections;

  public synchronized void plug(String reader) {
    readers.putIfAbsent(reader, null);
    notifyAll();
  }

  public synchronized void unplug(String reader) {
    readers.remove(reader);
    notifyAll();
  }

  public synchronized void insert(String reader, SmartCard card) {
    readers.put(reader, card);
    notifyAll();
  }

  public synchronized void remove(String reader) {
    SmartCard card = readers.get(reader);
    if (card != null) {
      card.powerOff();
    }
    readers.put(reader, null);
    notifyAll();
  }

  /** pcscd stops: every context fails, cards are powered off. */
  public synchronized void stopService() {
    running = false;
    generation++;
    readers.values().stream().filter(c -> c != null).forEach(SmartCard::powerOff);
    connections = 0;
    notifyAll();
  }

  public synchronized void startService() {
    running = true;
    notifyAll();
  }

  /** Every command APDU sent so far, in order. */
  public synchronized List<byte[]> commands() {
    return List.copyOf(commands);
  }

  @Override
  public synchronized PcscContext open() throws PcscException {
    if (!running) {
      throw new PcscException("SCARD_E_NO_SERVICE (simulated)");
    }
    return new Context(generation);
  }

  private synchronized void check(long gen) throws PcscException {
    if (!running || gen != generation) {
      throw new PcscException("SCARD_E_NO_SERVICE (simulated)");
    }
  }

  private final class Context implements PcscContext {
    private final long gen;

    Context(long gen) {
      this.gen = gen;
    }

    @Override
    public List<String> readers() throws PcscException {
      synchronized (SimulatedPcsc.this) {
        check(gen);
        return List.copyOf(readers.keySet());
      }
    }

    @Override
    public boolean waitForCard(String reader, boolean present, Duration timeout)
        throws PcscException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (SimulatedPcsc.this) {
        while (true) {
          check(gen);
          if (!readers.containsKey(reader)) {
            throw new PcscException("SCARD_E_UNKNOWN_READER (simulated)");
          }
          if ((readers.get(reader) != null) == present) {
            return true;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          try {
            SimulatedPcsc.this.wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
      }
    }

    @Override
    public CardConnection connect(String reader) throws PcscException {
      synchronized (SimulatedPcsc.this) {
        check(gen);
        SmartCard card = readers.get(reader);
        if (card == null) {
          throw new PcscException("SCARD_E_NO_SMARTCARD (simulated)");
        }
        if (connections++ == 0) {
          card.powerOn();
        }
        return new Connection(gen, reader, card);
      }
    }

    @Override
    public void close() {}
  }

  private final class Connection implements CardConnection {
    private final long gen;
    private final String reader;
    private final SmartCard card;
    private boolean closed;

    Connection(long gen, String reader, SmartCard card) {
      this.gen = gen;
      this.reader = reader;
      this.card = card;
    }

    @Override
    public byte[] atr() {
      return card.atr();
    }

    @Override
    public byte[] transmit(byte[] command) throws PcscException {
      synchronized (SimulatedPcsc.this) {
        check(gen);
        if (closed || readers.get(reader) != card) {
          throw new PcscException("SCARD_W_REMOVED_CARD (simulated)");
        }
        commands.add(command.clone());
        return card.transmit(command);
      }
    }

    @Override
    public void close() {
      synchronized (SimulatedPcsc.this) {
        if (!closed) {
          closed = true;
          if (gen == generation && --connections == 0 && readers.get(reader) == card) {
            card.powerOff();
          }
        }
      }
    }
  }
}

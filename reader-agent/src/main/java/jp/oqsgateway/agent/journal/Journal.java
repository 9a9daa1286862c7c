package jp.oqsgateway.agent.journal;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;
import jp.oqsgateway.agentprotocol.AgentEvent;
import jp.oqsgateway.agentprotocol.ReaderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's on-disk buffer of events not yet accepted by the gateway: append before send, remove
 * after the gateway's {@code accepted}/{@code duplicate} reply. Survives an agent restart and a
 * crash; keeps the order of appending.
 *
 * <p>How the link uses it:
 *
 * <pre>
 *   journal.append(event);                 // when the event happens, before any send (fsync'd)
 *   for (AgentEvent e : journal.pending()) // on (re)connect: send in this order
 *     ... send e; on accepted/duplicate:
 *   journal.acknowledge(e.eventId());      // removes it; an unknown id is ignored
 * </pre>
 *
 * <p>All methods do blocking file I/O: call them from a worker thread (e.g. a Vert.x {@code
 * WorkerExecutor} or {@code executeBlocking}), never from an event loop. Thread-safe.
 *
 * <p>Bounded: at {@code maxEvents} pending, appending first drops the oldest {@code reader.status}
 * event (or, when there is none, the oldest event); drops are counted ({@link #dropped()}) and
 * logged by event id and address only.
 *
 * <p>File format ({@code journal.log}): records {@code [int length][int crc32][byte type][payload]}
 * with type {@code E} (event: {@code {"address":…,"body":…}} in UTF-8) or {@code A} (removed: the
 * event id). Appends of events are forced to disk before {@link #append} returns; removals are not
 * (a removal lost in a crash only means a resend, which the gateway answers {@code duplicate}). A
 * torn or corrupt tail (a crash in mid-write) is ignored and cut off on open. The file is rewritten
 * with only the pending events on open and whenever removals outnumber them.
 */
public final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);
  public static final String FILE = "journal.log";
  public static final int DEFAULT_MAX_EVENTS = 10_000;
  private static final byte EVENT = 'E';
  private static final byte REMOVED = 'A';
  private static final int MAX_RECORD = 1 << 20;
  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");
  private static final int COMPACT_AFTER = 1_000;

  private final Path dir;
  private final int maxEvents;
  private final Map<UUID, AgentEvent> pending = new LinkedHashMap<>();
  private FileChannel channel;
  private int removedSinceCompaction;
  private long dropped;

  private Journal(Path dir, int maxEvents) {
    this.dir = dir;
    this.maxEvents = maxEvents;
  }

  /** Opens (or creates) the journal in {@code dir}, reading back what a previous run left. */
  public static Journal open(Path dir, int maxEvents) throws IOException {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be at least 1");
    }
    ownerOnlyDirectory(dir);
    Journal j = new Journal(dir, maxEvents);
    j.load();
    j.compact();
    return j;
  }

  /** Adds an event at the end, on disk before this returns. */
  public synchronized void append(AgentEvent event) throws IOException {
    if (pending.containsKey(event.eventId())) {
      return;
    }
    while (pending.size() >= maxEvents) {
      drop(oldestToDrop());
    }
    JsonObject record =
        new JsonObject().put("address", event.address()).put("body", event.toJson());
    write(EVENT, record.encode().getBytes(StandardCharsets.UTF_8));
    channel.force(false);
    pending.put(event.eventId(), event);
  }

  /** The events not yet acknowledged, oldest first. */
  public synchronized List<AgentEvent> pending() {
    return new ArrayList<>(pending.values());
  }

  /** Removes a delivered event; ignores ids it does not hold. */
  public synchronized void acknowledge(UUID eventId) throws IOException {
    if (pending.remove(eventId) == null) {
      return;
    }
    write(REMOVED, eventId.toString().getBytes(StandardCharsets.US_ASCII));
    removedSinceCompaction++;
    if (removedSinceCompaction > COMPACT_AFTER && removedSinceCompaction > pending.size()) {
      compact();
    }
  }

  /** Events dropped because the journal was full, since it was opened. */
  public synchronized long dropped() {
    return dropped;
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private AgentEvent oldestToDrop() {
    for (AgentEvent e : pending.values()) {
      if (e instanceof ReaderStatus) {
        return e;
      }
    }
    return pending.values().iterator().next();
  }

  private void drop(AgentEvent e) throws IOException {
    pending.remove(e.eventId());
    write(REMOVED, e.eventId().toString().getBytes(StandardCharsets.US_ASCII));
    removedSinceCompaction++;
    dropped++;
    log.warn(
        "journal full ({} events): dropped event {} ({}), {} dropped so far",
        maxEvents,
        e.eventId(),
        e.address(),
        dropped);
  }

  private void write(byte type, byte[] payload) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(payload);
    ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
    b.putInt(payload.length).putInt((int) crc.getValue()).put(type).put(payload).flip();
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  private void load() throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return;
    }
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all);
    int good = 0;
    while (b.remaining() >= 9) {
      int length = b.getInt();
      int crc = b.getInt();
      byte type = b.get();
      if (length < 0 || length > MAX_RECORD || length > b.remaining()) {
        break;
      }
      byte[] payload = new byte[length];
      b.get(payload);
      CRC32 check = new CRC32();
      check.update(type);
      check.update(payload);
      if ((int) check.getValue() != crc || !apply(type, payload)) {
        break;
      }
      good = b.position();
    }
    if (good < all.length) {
      log.warn("journal: ignored {} bytes of a torn or corrupt tail", all.length - good);
    }
    while (pending.size() > maxEvents) {
      AgentEvent e = oldestToDrop();
      pending.remove(e.eventId());
      dropped++;
    }
  }

  private boolean apply(byte type, byte[] payload) {
    try {
      if (type == EVENT) {
        JsonObject o = new JsonObject(new String(payload, StandardCharsets.UTF_8));
        AgentEvent e = AgentEvent.fromJson(o.getString("address"), o.getJsonObject("body"));
        pending.put(e.eventId(), e);
        return true;
      }
      if (type == REMOVED) {
        pending.remove(UUID.fromString(new String(payload, StandardCharsets.US_ASCII)));
        return true;
      }
      return false;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Rewrites the file with only the pending events, atomically. */
  private void compact() throws IOException {
    if (channel != null) {
      channel.close();
    }
    Path file = dir.resolve(FILE);
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    channel =
        FileChannel.open(
            tmp,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            ownerOnly(FILE_MODE));
    for (Iterator<AgentEvent> it = pending.values().iterator(); it.hasNext(); ) {
      AgentEvent e = it.next();
      JsonObject record = new JsonObject().put("address", e.address()).put("body", e.toJson());
      write(EVENT, record.encode().getBytes(StandardCharsets.UTF_8));
    }
    channel.force(true);
    channel.close();
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory();
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    removedSinceCompaction = 0;
  }

  /**
   * The journal holds card readings (which patient's card, at which desk): the folder is 0700 and
   * the file 0600, created so; a folder left wider by an older version is narrowed, one this user
   * cannot narrow is refused with a line naming it.
   */
  private static void ownerOnlyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.createDirectory(dir, ownerOnly(DIR_MODE));
      return;
    }
    if (!posix(dir)) {
      return;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
    if (!DIR_MODE.containsAll(perms)) {
      try {
        Files.setPosixFilePermissions(dir, DIR_MODE);
      } catch (IOException e) {
        throw new IOException(
            "the journal folder "
                + dir
                + " is open to other users (mode "
                + PosixFilePermissions.toString(perms)
                + ") and this user cannot narrow it to rwx------; fix its owner or mode",
            e);
      }
      log.atWarn()
          .addKeyValue("dir", dir)
          .log(
              "narrowed the journal folder from mode {} to rwx------",
              PosixFilePermissions.toString(perms));
    }
  }

  private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> mode) {
    return posix(Path.of(""))
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // not every file system lets a directory be opened; the rename is still atomic
    }
  }
}

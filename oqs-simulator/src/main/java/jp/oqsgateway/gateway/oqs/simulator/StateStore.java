package jp.oqsgateway.gateway.oqs.simulator;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Reads and updates {@code <root>/.simulator/state.json} under a lock that holds across threads (a
 * lock per file in this JVM) and across processes (an OS file lock on {@code state.lock}); the new
 * state is written to a temporary file and renamed, so a reader never sees half a file.
 *
 * <p>A read reuses the state it parsed last while the file is the same one (its inode, change time,
 * modification time and size): every request the terminal answers reads the state (consents,
 * faults, reference numbers) several times, and parsing it each time was most of the simulator's
 * own CPU in a night of re-inquiries. Any change, by this process or by a command run beside it,
 * replaces the file (a new inode), so the next read parses again.
 */
final class StateStore {
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  private static final String VERSION = "unix:ino,ctime,lastModifiedTime,size";

  private final Path dir;
  private final Path file;
  private final Path lockFile;
  private volatile Parsed parsed;

  StateStore(Path root) {
    this.dir = root.resolve(".simulator");
    this.file = dir.resolve("state.json");
    this.lockFile = dir.resolve("state.lock");
  }

  Path dir() {
    return dir;
  }

  Path file() {
    return file;
  }

  /** The current state, to read only: it may be shared with other readers. */
  SimulatorState read() {
    Parsed last = parsed;
    if (last != null && last.version().equals(version())) {
      return last.state();
    }
    return update(s -> s, false);
  }

  <T> T update(Function<SimulatorState, T> change) {
    return update(change, true);
  }

  private <T> T update(Function<SimulatorState, T> change, boolean write) {
    ReentrantLock lock =
        LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
    lock.lock();
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        Optional<Map<String, Object>> version = version();
        SimulatorState state = load();
        T result = change.apply(state);
        parsed = write ? null : new Parsed(version, state);
        if (write) {
          Path tmp = dir.resolve("state.json.tmp");
          Files.writeString(tmp, state.toJson().encodePrettily(), StandardCharsets.UTF_8);
          Files.move(
              tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return result;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("simulator state " + file, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * What identifies the file's content without reading it (inode, change and modification times,
   * size); empty when there is no file.
   */
  private Optional<Map<String, Object>> version() {
    try {
      return Optional.of(Files.readAttributes(file, VERSION));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("simulator state " + file, e);
    }
  }

  private record Parsed(Optional<Map<String, Object>> version, SimulatorState state) {}

  private SimulatorState load() throws IOException {
    if (!Files.exists(file)) {
      return new SimulatorState();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return new SimulatorState();
    }
    return SimulatorState.fromJson(new JsonObject(text));
  }
}

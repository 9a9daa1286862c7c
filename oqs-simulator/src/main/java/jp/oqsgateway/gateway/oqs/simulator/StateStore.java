package jp.oqsgateway.gateway.oqs.simulator;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Reads and updates {@code <root>/.simulator/state.json} under a lock that holds across threads (a
 * lock per file in this JVM) and across processes (an OS file lock on {@code state.lock}); the new
 * state is written to a temporary file and renamed, so a reader never sees half a file.
 */
final class StateStore {
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path dir;
  private final Path file;
  private final Path lockFile;

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

  SimulatorState read() {
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
        SimulatorState state = load();
        T result = change.apply(state);
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

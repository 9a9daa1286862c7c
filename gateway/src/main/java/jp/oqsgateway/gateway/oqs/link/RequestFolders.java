package jp.oqsgateway.gateway.oqs.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which stored {@code req/} folders are this link's at start. Exchanges are stored with the folder
 * their request was written into ({@link RequestWriter#reqDirKey}, the normalized absolute path). A
 * folder stored under another name that is the same folder (reached through a symbolic link or
 * another mount point) is this link's: its exchanges are followed as usual. The folder this gateway
 * used before its {@code req/} changed is recorded in {@code record} (a file in the gateway's
 * home): its exchanges can no longer be answered here and are ended at start. Any other folder may
 * be another gateway's on the same database, and is left alone.
 *
 * <p>Blocking (file system): runs on the file workers.
 */
final class RequestFolders {
  /** What a start decided: the stored names of this link's folder, and the previous one to end. */
  record Decision(List<String> own, Optional<String> previous) {}

  private RequestFolders() {}

  static Decision decide(Path reqDir, String key, List<String> others, Optional<Path> record) {
    List<String> own = new ArrayList<>();
    own.add(key);
    for (String other : others) {
      if (sameFolder(Path.of(other), reqDir)) {
        own.add(other);
      }
    }
    Optional<String> previous =
        record.flatMap(RequestFolders::read).filter(p -> !own.contains(p) && others.contains(p));
    return new Decision(own, previous);
  }

  /** Records {@code key} as the folder this gateway uses (written whole, then renamed). */
  static void remember(Optional<Path> record, String key) throws IOException {
    if (record.isEmpty()) {
      return;
    }
    Path file = record.get();
    if (read(file).filter(key::equals).isPresent()) {
      return;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, key + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean sameFolder(Path stored, Path reqDir) {
    try {
      return Files.isDirectory(stored) && Files.isSameFile(stored, reqDir);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private static Optional<String> read(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

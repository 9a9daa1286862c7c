package jp.oqsgateway.gateway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The keys of a backup being restored, written beside their places ({@code PLACE.restoring}) with
 * the modes every key of the gateway has (folders 0700, files 0600) and moved into place together
 * at the end; whatever was not moved is deleted when this closes.
 */
final class KeyStaging implements AutoCloseable {
  private final Map<Path, Path> staged = new LinkedHashMap<>(); // staging path -> place

  /** Writes the entry {@code keys/NAME[/PATH]} from {@code in} into its staging place. */
  void add(String entry, InputStream in, Map<String, KeyLocation> keys) throws IOException {
    String rest = entry.startsWith("keys/") ? entry.substring(5) : "";
    int slash = rest.indexOf('/');
    KeyLocation key = keys.get(slash < 0 ? rest : rest.substring(0, slash));
    if (key == null || key.directory() == (slash < 0)) {
      throw new BackupException("the backup holds an entry this gateway does not know: " + entry);
    }
    Path stagingRoot = key.path().resolveSibling(key.path().getFileName() + ".restoring");
    Path file = stagingRoot;
    if (key.directory()) {
      file = stagingRoot.resolve(rest.substring(slash + 1)).normalize();
      if (!file.startsWith(stagingRoot) || file.equals(stagingRoot)) {
        throw new BackupException("the backup's entry " + entry + " points outside its folder");
      }
    }
    if (!staged.containsKey(stagingRoot)) {
      deleteRecursively(stagingRoot);
      staged.put(stagingRoot, key.path());
    }
    privateDirectories(file.getParent());
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (var out = Files.newOutputStream(file)) {
      in.transferTo(out);
    }
  }

  /** Moves every staged key into its place; a place must be missing or an empty folder. */
  void moveIntoPlace() throws IOException {
    for (Map.Entry<Path, Path> e : staged.entrySet()) {
      Path place = e.getValue();
      if (Files.isDirectory(place) && isEmpty(place)) {
        Files.delete(place);
      }
      if (Files.exists(place)) {
        throw new BackupException(place + " exists; move it away or restore with --force");
      }
      privateDirectories(place.getParent());
      Files.move(e.getKey(), place, StandardCopyOption.ATOMIC_MOVE);
    }
    staged.clear();
  }

  @Override
  public void close() throws IOException {
    for (Path p : staged.keySet()) {
      deleteRecursively(p);
    }
  }

  private static void privateDirectories(Path dir) throws IOException {
    if (dir == null || Files.isDirectory(dir)) {
      return;
    }
    privateDirectories(dir.getParent());
    Files.createDirectory(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    }
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}

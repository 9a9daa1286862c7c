package jp.oqsgateway.gateway.oqs.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File names and blocking file operations of the link. Everything here runs on the {@code
 * oqsgw-files} worker pool, never on an event loop.
 */
final class LinkFiles {
  /** Our temporary names in {@code req/}: no OQS prefix, so the terminal never takes them. */
  static final String TEMP_PREFIX = ".oqsgw-tmp-";

  private static final Pattern FACE =
      Pattern.compile("OQSsiquc01res_face_[^/\\\\]*_(\\d{14})\\.xml");
  private static final DateTimeFormatter FACE_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

  private LinkFiles() {}

  /** What a file in {@code res/} is, relative to the request that caused it. */
  enum ResKind {
    RESULT_XML,
    RESULT_ZIP,
    RESULT_PDF,
    /** Our request, moved into {@code res/} unprocessed (§1.6). */
    REQUEST_RETURNED,
    /** The terminal's error text for a request (§1.6). */
    ERR
  }

  /** A file in {@code res/} mapped to the request file name it answers. */
  record ResFile(ResKind kind, String requestFile) {}

  /** {@code OQSsiquc01res_X} for {@code OQSsiquc01req_X.xml}. */
  static String resultStem(String requestFile) {
    String stem =
        requestFile.endsWith(".xml")
            ? requestFile.substring(0, requestFile.length() - 4)
            : requestFile;
    return stem.replaceFirst("req_", "res_");
  }

  /** Maps a {@code res/} file name to the request it belongs to; empty for unrelated files. */
  static Optional<ResFile> classify(String name) {
    if (name.startsWith(".") || RequestKind.ofFileName(name).isEmpty()) {
      return Optional.empty();
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".err")) {
      String base = name.substring(0, name.length() - 4);
      if (base.toLowerCase(Locale.ROOT).endsWith(".xml")) {
        base = base.substring(0, base.length() - 4);
      }
      return Optional.of(new ResFile(ResKind.ERR, requestName(base)));
    }
    String stem = name.substring(0, name.length() - 4);
    ResKind kind;
    if (lower.endsWith(".zip")) {
      kind = ResKind.RESULT_ZIP;
    } else if (lower.endsWith(".pdf")) {
      kind = ResKind.RESULT_PDF;
    } else if (lower.endsWith(".xml")) {
      kind = isRequestName(stem) ? ResKind.REQUEST_RETURNED : ResKind.RESULT_XML;
    } else {
      return Optional.empty();
    }
    if (kind == ResKind.RESULT_ZIP || kind == ResKind.RESULT_PDF) {
      if (isRequestName(stem)) {
        return Optional.empty();
      }
    }
    return Optional.of(new ResFile(kind, requestName(stem)));
  }

  private static boolean isRequestName(String stem) {
    RequestKind k = RequestKind.ofFileName(stem).orElseThrow();
    return stem.startsWith(k.prefix() + "req_");
  }

  private static String requestName(String stem) {
    RequestKind k = RequestKind.ofFileName(stem).orElseThrow();
    return k.prefix() + "req_" + stem.substring(k.prefix().length() + 4) + ".xml";
  }

  /** The timestamp in a face file's name, when the name has the authoritative shape (§1.2). */
  static Optional<LocalDateTime> faceTimestamp(String name) {
    Matcher m = FACE.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(m.group(1), FACE_TIME));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Names that would collide with a new request of that file name (§1.4). */
  static boolean nameTaken(Path reqDir, Path resDir, String requestFile) {
    String stem = resultStem(requestFile);
    String reqStem = requestFile.substring(0, requestFile.length() - 4);
    return Files.exists(reqDir.resolve(requestFile))
        || Files.exists(resDir.resolve(stem + ".xml"))
        || Files.exists(resDir.resolve(stem + ".zip"))
        || Files.exists(resDir.resolve(stem + ".pdf"))
        || Files.exists(resDir.resolve(requestFile))
        || Files.exists(resDir.resolve(reqStem + ".err"))
        || Files.exists(resDir.resolve(requestFile + ".err"));
  }

  /**
   * The staged copy of a request: its own name behind our prefix (never an OQS name, so the
   * terminal never takes it), known again after a crash from the request file name alone.
   */
  static Path staged(Path dir, String name) {
    return dir.resolve(TEMP_PREFIX + name + ".part");
  }

  /**
   * Writes the request under its staged name and forces it to disk; {@link #publish} puts it in
   * place. Refuses when the request name is already taken.
   */
  static void stage(Path dir, String name, byte[] bytes) throws IOException {
    refuseTaken(dir.resolve(name));
    Path tmp = staged(dir, name);
    boolean written = false;
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
      written = true;
    } finally {
      if (!written) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Renames a staged request atomically into place, so the terminal never sees a partial request.
   * Refuses to replace an existing file; the staged copy is gone either way.
   */
  static void publish(Path dir, String name) throws IOException {
    Path target = dir.resolve(name);
    Path tmp = staged(dir, name);
    try {
      refuseTaken(target);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the req/ folder does not support atomic renames: " + dir, e);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Removes the staged copy of a request that will not be published. */
  static void discard(Path dir, String name) throws IOException {
    Files.deleteIfExists(staged(dir, name));
  }

  private static void refuseTaken(Path target) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString());
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every file system (e.g. SMB shares) lets a directory be synced; the rename stands.
    }
  }

  /**
   * After a crash: publishes the staged copies of the requests whose exchange was stored ({@code
   * written}, request file names) but whose rename never happened, and removes every other
   * temporary file of ours (a request staged before its exchange was stored was never promised).
   *
   * @return how many were published and how many removed
   */
  static Leftovers settleTemporaries(Path reqDir, Set<String> written) throws IOException {
    int published = 0;
    for (String name : written) {
      Path target = reqDir.resolve(name);
      if (Files.isRegularFile(staged(reqDir, name), LinkOption.NOFOLLOW_LINKS)
          && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        publish(reqDir, name);
        published++;
      }
    }
    return new Leftovers(published, removeStaleTemporaries(reqDir));
  }

  /** What {@link #settleTemporaries} did. */
  record Leftovers(int published, int removed) {}

  /** Removes temporary files a crash left behind in {@code req/} (ours: never the terminal's). */
  private static int removeStaleTemporaries(Path reqDir) throws IOException {
    if (!Files.isDirectory(reqDir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(reqDir, TEMP_PREFIX + "*")) {
      for (Path p : s) {
        if (Files.deleteIfExists(p)) {
          removed++;
        }
      }
    }
    return removed;
  }

  /** A file as seen by one scan. {@code bytes} is null when the file exceeds the size limit. */
  record Seen(Path path, String name, long size, long mtimeMillis, String sha256, byte[] bytes) {}

  /** Size and modification time, the cheap identity of a file between scans. */
  record Stat(long size, long mtimeMillis) {}

  /** Regular files of a folder with their stat; empty when the folder is missing. */
  static List<Path> list(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (!n.startsWith(".")) {
          files.add(p);
        }
      }
    }
    return files;
  }

  /**
   * Size and modification time of a regular file, looked at without following a symbolic link:
   * empty for a link (whatever it points to), a folder, or a file that vanished.
   */
  static Optional<Stat> stat(Path p) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(new Stat(a.size(), a.lastModifiedTime().toMillis()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether the entry itself is a symbolic link (never followed). */
  static boolean symbolicLink(Path p) {
    return Files.isSymbolicLink(p);
  }

  /**
   * Reads a file (bounded) and hashes it; empty when it vanished meanwhile or was replaced by a
   * symbolic link (opened with {@code O_NOFOLLOW}). A file over {@code maxBytes} is only hashed, in
   * chunks, up to {@code maxBytes + 1}: its bytes are never held.
   */
  static Optional<Seen> read(Path p, Stat stat, long maxBytes) {
    String name = p.getFileName().toString();
    try (InputStream in =
        Channels.newInputStream(
            Files.newByteChannel(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      if (stat.size() > maxBytes) {
        return Optional.of(
            new Seen(p, name, stat.size(), stat.mtimeMillis(), hashPrefix(in, maxBytes + 1), null));
      }
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      String sha = sha256(bytes);
      if (bytes.length > maxBytes) {
        return Optional.of(new Seen(p, name, stat.size(), stat.mtimeMillis(), sha, null));
      }
      return Optional.of(new Seen(p, name, bytes.length, stat.mtimeMillis(), sha, bytes));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String hashPrefix(InputStream in, long limit) throws IOException {
    MessageDigest sha = newSha256();
    byte[] chunk = new byte[64 * 1024];
    long left = limit;
    int n;
    while (left > 0 && (n = in.read(chunk, 0, (int) Math.min(chunk.length, left))) > 0) {
      sha.update(chunk, 0, n);
      left -= n;
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  /** Moves a processed file into {@code archive/<folder name>/}, keeping its name. */
  static void archive(Path file, Path archiveRoot) throws IOException {
    Path dir = archiveRoot.resolve(file.getParent().getFileName().toString());
    Files.createDirectories(dir);
    Path target = dir.resolve(file.getFileName().toString());
    if (Files.exists(target)) {
      target = dir.resolve(file.getFileName() + "." + System.currentTimeMillis());
    }
    Files.move(file, target);
  }
}

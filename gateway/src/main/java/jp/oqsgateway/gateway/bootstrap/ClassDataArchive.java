package jp.oqsgateway.gateway.bootstrap;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application class-data archive (AppCDS) the launcher asks for when it has none for this JVM
 * and jar ({@code ops/systemd/java-cds}: {@code -XX:+RecordDynamicDumpInfo
 * -Doqsgw.cds.archive=FILE}): written when the gateway stops, once it no longer serves, so that the
 * next start maps the classes this run loaded instead of reading, parsing and verifying them from
 * the jar again (docs/PERFORMANCE.md, "Footprint"). The JVM writes it ({@code VM.cds dynamic_dump},
 * as {@code jcmd} would ask) under a temporary name; it is flushed to disk and only then renamed
 * into place, so a start never maps half an archive. A failure is logged and costs nothing but the
 * next start's speed.
 */
final class ClassDataArchive {
  private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);

  /** The system property naming the archive to write. */
  static final String PROPERTY = "oqsgw.cds.archive";

  private ClassDataArchive() {}

  /** The archive asked for, if any. */
  static Optional<Path> asked() {
    String file = System.getProperty(PROPERTY);
    return file == null || file.isBlank() ? Optional.empty() : Optional.of(Path.of(file));
  }

  /** Writes the archive asked for, if any; never throws. */
  static void writeIfAsked() {
    asked().ifPresent(ClassDataArchive::write);
  }

  private static void write(Path archive) {
    long started = System.nanoTime();
    Path partial =
        archive.resolveSibling(archive.getFileName() + ".partial-" + ProcessHandle.current().pid());
    try {
      Files.deleteIfExists(partial);
      ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new ObjectName("com.sun.management:type=DiagnosticCommand"),
              "vmCds",
              new Object[] {new String[] {"dynamic_dump", partial.toString()}},
              new String[] {String[].class.getName()});
      if (!Files.isRegularFile(partial)) {
        throw new IOException(
            "the JVM wrote no archive (was it started with -XX:+RecordDynamicDumpInfo?)");
      }
      // The JVM writes the archive read-only (0444): flushed through a read-only channel, as a
      // service account may not open it for writing.
      try (FileChannel c = FileChannel.open(partial, StandardOpenOption.READ)) {
        c.force(true);
      }
      Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
      LOG.atInfo()
          .addKeyValue("file", archive)
          .addKeyValue("bytes", Files.size(archive))
          .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000)
          .log("class-data archive written for the next start");
    } catch (IOException | JMException | RuntimeException e) {
      LOG.atWarn()
          .addKeyValue("file", archive)
          .addKeyValue("reason", e.toString())
          .log("class-data archive not written: the next start loads every class from the jar");
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // Nothing maps a partial name.
      }
    }
  }
}

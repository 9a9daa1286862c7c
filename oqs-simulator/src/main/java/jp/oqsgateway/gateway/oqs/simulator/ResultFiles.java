package jp.oqsgateway.gateway.oqs.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.oqsgateway.gateway.oqs.simulator.Responder.Answer;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlWriter;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Turns answers into bytes (in the configured encoding, zipped when asked) and writes them into
 * {@code res/} the way the terminal does: under a temporary name, then renamed, so a reader never
 * sees half a file. Counts the result files written.
 */
final class ResultFiles {
  private final SimulatorOptions options;
  private final AtomicLong written = new AtomicLong();

  ResultFiles(SimulatorOptions options) {
    this.options = options;
  }

  long writtenCount() {
    return written.get();
  }

  byte[] bytes(Answer a) throws IOException {
    if (a.raw() != null) {
      return a.raw();
    }
    byte[] xml = encode(a.xml());
    if (!a.zip()) {
      return xml;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      String entry = a.fileName().substring(0, a.fileName().length() - ".zip".length()) + ".xml";
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(xml);
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  /** The document in the configured encoding; the simulated data is chosen to be encodable. */
  byte[] encode(XmlElement doc) {
    try {
      return OqsXmlWriter.write(doc, options.encoding());
    } catch (UnencodableTextException e) {
      throw new IllegalStateException("simulated data not encodable: " + e.getMessage(), e);
    }
  }

  /** Writes one file into {@code res/} and counts it. */
  void write(String fileName, byte[] bytes) {
    try {
      writeAtomically(options.res(), fileName, bytes);
      written.incrementAndGet();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path writeAtomically(Path dir, String fileName, byte[] bytes) throws IOException {
    Path tmp = dir.resolve("." + fileName + ".tmp");
    Files.write(tmp, bytes);
    Path target = dir.resolve(fileName);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}

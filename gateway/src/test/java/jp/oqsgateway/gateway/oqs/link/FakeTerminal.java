package jp.oqsgateway.gateway.oqs.link;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlWriter;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * A test-only stand-in for the terminal's link program, at the file level: takes request files out
 * of req/ (by deleting them), writes results into res/ (partially, completely, as .err, zipped,
 * twice), or does nothing at all. All data is fictitious.
 */
final class FakeTerminal {
  static final String INSTITUTION = "1319876540";
  static final Duration WAIT = Duration.ofSeconds(10);

  private final Path req;
  private final Path res;
  private final Path face;

  FakeTerminal(Path root) {
    this.req = root.resolve("req");
    this.res = root.resolve("res");
    this.face = root.resolve("face");
  }

  Path req() {
    return req;
  }

  Path res() {
    return res;
  }

  Path face() {
    return face;
  }

  /** Request files of that kind currently in req/ (never our temporaries). */
  List<Path> requestsInReq(String prefix) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(req, prefix + "req_*.xml")) {
      s.forEach(found::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    found.sort(null);
    return found;
  }

  List<String> allNamesInReq() {
    try (var s = Files.list(req)) {
      return s.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a request of that kind and takes it away, as OQSComApp does. */
  ParsedDocument take(String prefix) {
    Path file =
        Eventually.value(
            "a " + prefix + " request in req/",
            WAIT,
            () -> requestsInReq(prefix).stream().findFirst().orElse(null));
    try {
      ParsedDocument doc = new OqsXmlReader().read(file);
      Files.delete(file);
      return doc;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Takes a request away and moves it to res/ unprocessed, as the terminal does on errors. */
  ParsedDocument returnToRes(String prefix) {
    ParsedDocument doc = take(prefix);
    write(res.resolve(doc.fileName()), doc.raw());
    return doc;
  }

  static String resultName(ParsedDocument request, String extension) {
    return LinkFiles.resultStem(request.fileName()) + extension;
  }

  /** A result echoing the request's header fields (as the terminal does), in Shift_JIS. */
  static byte[] resultFor(ParsedDocument request, String segmentOfResult) {
    return resultFor(request, segmentOfResult, Map.of());
  }

  /** Same, with header fields overridden (e.g. another ArbitraryFileIdentifier). */
  static byte[] resultFor(
      ParsedDocument request, String segmentOfResult, Map<String, String> overrides) {
    XmlElement header = request.root().child("MessageHeader").orElseThrow();
    String rn = RequestDocuments.receptionNumber(request.root()).orElse(null);
    XmlElement doc =
        XmlElement.of(
            "XmlMsg",
            XmlElement.of(
                "MessageHeader",
                XmlElement.leaf("ProcessExecutionTime", "20250602093018"),
                XmlElement.leaf(
                    "MedicalInstitutionCode",
                    overrides.getOrDefault(
                        "MedicalInstitutionCode",
                        header.text("MedicalInstitutionCode").orElse(""))),
                XmlElement.leaf(
                    "ArbitraryFileIdentifier",
                    overrides.getOrDefault(
                        "ArbitraryFileIdentifier",
                        header.text("ArbitraryFileIdentifier").orElse(""))),
                rn == null ? null : XmlElement.leaf("ReceptionNumber", rn),
                XmlElement.leaf("SegmentOfResult", segmentOfResult),
                XmlElement.leaf("CharacterCodeIdentifier", "1")),
            XmlElement.of(
                "MessageBody",
                XmlElement.leaf("ProcessingResultStatus", "1"),
                XmlElement.leaf("QualificationValidity", "1"),
                XmlElement.of(
                    "ResultList",
                    XmlElement.of(
                        "ResultOfQualificationConfirmation",
                        XmlElement.leaf("Name", "見本　花子"),
                        XmlElement.leaf("NameKana", "ﾐﾎﾝ ﾊﾅｺ"),
                        XmlElement.leaf("Birthdate", "19850412")))));
    try {
      return OqsXmlWriter.write(doc, OqsCharset.SHIFT_JIS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void writeResult(ParsedDocument request, byte[] bytes) {
    write(res.resolve(resultName(request, ".xml")), bytes);
  }

  static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void append(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A face-reader result named like the real ones (§1.2), with that name timestamp. */
  Path writeFace(String timestamp, String hex20) {
    XmlElement doc =
        XmlElement.of(
            "XmlMsg",
            XmlElement.of(
                "MessageHeader",
                XmlElement.leaf("MedicalInstitutionCode", INSTITUTION),
                XmlElement.leaf("ArbitraryFileIdentifier", "Qm9ndXNJZGVudGlmaWVy"),
                XmlElement.leaf("ReferenceClassification", "1"),
                XmlElement.leaf("SegmentOfResult", "1")),
            XmlElement.of("MessageBody", XmlElement.leaf("ProcessingResultStatus", "1")));
    Path file =
        face.resolve("OQSsiquc01res_face_" + INSTITUTION + hex20 + "_" + timestamp + ".xml");
    try {
      write(file, OqsXmlWriter.write(doc, OqsCharset.SHIFT_JIS));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return file;
  }
}

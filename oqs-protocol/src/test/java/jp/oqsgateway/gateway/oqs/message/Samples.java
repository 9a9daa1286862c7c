package jp.oqsgateway.gateway.oqs.message;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/** The OQS-PROTOCOL.md §5 samples, copied byte for byte in their declared encodings. */
public final class Samples {
  public static final String SINGLE_REQUEST = "OQSsiquc01req_202506020001.xml";
  public static final String SINGLE_RESULT = "OQSsiquc01res_202506020001.xml";
  public static final String FACE_RESULT =
      "OQSsiquc01res_face_13198765409f3c2a7b41d0e6c5b8a2_20250602103344.xml";
  public static final String HOME_VISIT_REQUEST = "OQSmuhvq01req_202506020006.xml";
  public static final String HOME_VISIT_RECEPTION = "OQSmuhvq01res_202506020006.xml";
  public static final String HOME_VISIT_DOWNLOAD = "OQSmuhvq02req_202506020007.xml";
  public static final String HOME_VISIT_RESULT = "OQSmuhvq02res_202506020007.xml";
  public static final String DRUG_REQUEST = "YZKsiquc01req_022506021930030077.xml";

  private Samples() {}

  private static final List<String> ALL =
      List.of(
          SINGLE_REQUEST,
          SINGLE_RESULT,
          FACE_RESULT,
          HOME_VISIT_REQUEST,
          HOME_VISIT_RECEPTION,
          HOME_VISIT_DOWNLOAD,
          HOME_VISIT_RESULT,
          DRUG_REQUEST);

  private static Path extracted;

  /**
   * The sample as a file. Read from another module's tests the samples sit inside this module's
   * test jar; they are then copied, all together, into one temporary folder.
   */
  public static synchronized Path path(String name) {
    try {
      URI uri = Samples.class.getResource("/oqs/samples/" + name).toURI();
      if ("file".equals(uri.getScheme())) {
        return Path.of(uri);
      }
      if (extracted == null) {
        Path dir = Files.createTempDirectory("oqs-samples-");
        for (String sample : ALL) {
          try (InputStream in = Samples.class.getResourceAsStream("/oqs/samples/" + sample)) {
            Files.copy(in, dir.resolve(sample));
          }
        }
        extracted = dir;
      }
      return extracted.resolve(name);
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ParsedDocument read(String name) throws Exception {
    return new OqsXmlReader().read(path(name));
  }
}

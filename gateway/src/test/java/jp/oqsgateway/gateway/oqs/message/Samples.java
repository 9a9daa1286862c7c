package jp.oqsgateway.gateway.oqs.message;

import java.net.URISyntaxException;
import java.nio.file.Path;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/** The REFERENCE §5 samples, copied byte for byte in their declared encodings. */
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

  public static Path path(String name) {
    try {
      return Path.of(Samples.class.getResource("/oqs/samples/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ParsedDocument read(String name) throws Exception {
    return new OqsXmlReader().read(path(name));
  }
}

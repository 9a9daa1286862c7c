package jp.oqsgateway.gateway.oqs.message;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every file of OQS-PROTOCOL.md §1.2 whose layout is known, identified by its file-name prefix. A
 * result is named like its request with {@code req_} replaced by {@code res_}; face results are
 * pushed by the terminal without a request. Bulk exchanges have two phases: upload (01) answered by
 * a reception result carrying a ReceptionNumber, then download (02) by that number.
 */
public enum MessageKind {
  OQS_SIQUC01_REQ("OQSsiquc01req_", "資格確認（照会）単件 要求", 0),
  OQS_SIQUC01_RES("OQSsiquc01res_", "資格確認（照会）単件 結果", 0),
  /** {@code face/OQSsiquc01res_face_*_<yyyyMMddHHmmss>.xml}, pushed after a card reading. */
  OQS_SIQUC01_FACE("OQSsiquc01res_face_", "顔認証付きカードリーダー 資格確認結果", 0),
  /**
   * Home-visit re-inquiry (再照会, 居宅同意取得型). The prefix is known (OQS-PROTOCOL.md §1.2 [C: S17]); the
   * layout is <b>unconfirmed</b> (§2.7, §6 item 3) and reconstructed as the §2.2 single check with
   * MedicalTreatmentFlag 2: see {@link SingleCheckRequest}.
   */
  OQS_SIHVQ01_REQ("OQSsihvq01req_", "訪問診療等 再照会（単件） 要求", 0),
  /** Answer to a re-inquiry; reconstructed as an {@code OQSsiquc01res} (§2.2, §2.4). */
  OQS_SIHVQ01_RES("OQSsihvq01res_", "訪問診療等 再照会（単件） 結果", 0),
  OQS_MUQUC01_REQ("OQSmuquc01req_", "資格確認一括照会 要求", 1),
  OQS_MUQUC01_RES("OQSmuquc01res_", "資格確認一括照会 受付結果", 1),
  OQS_MUQUC02_REQ("OQSmuquc02req_", "資格確認一括照会 結果取得要求", 2),
  OQS_MUQUC02_RES("OQSmuquc02res_", "資格確認一括照会 結果", 2),
  OQS_SIIMM01_REQ("OQSsiimm01req_", "照会番号登録（単件） 要求", 0),
  OQS_SIIMM01_RES("OQSsiimm01res_", "照会番号登録（単件） 結果", 0),
  OQS_MUIMM01_REQ("OQSmuimm01req_", "照会番号一括登録 要求", 1),
  OQS_MUIMM01_RES("OQSmuimm01res_", "照会番号一括登録 受付結果", 1),
  OQS_MUIMM02_REQ("OQSmuimm02req_", "照会番号一括登録 結果取得要求", 2),
  OQS_MUIMM02_RES("OQSmuimm02res_", "照会番号一括登録 結果", 2),
  OQS_MUHVQ01_REQ("OQSmuhvq01req_", "訪問診療等 同意済資格情報取得 要求", 1),
  OQS_MUHVQ01_RES("OQSmuhvq01res_", "訪問診療等 同意済資格情報取得 受付結果", 1),
  OQS_MUHVQ02_REQ("OQSmuhvq02req_", "訪問診療等 同意済資格情報取得 結果取得要求", 2),
  OQS_MUHVQ02_RES("OQSmuhvq02res_", "訪問診療等 同意済資格情報取得 結果", 2),
  OQS_MUONQ01_REQ("OQSmuonq01req_", "オンライン診療等 同意済資格情報取得 要求", 1),
  OQS_MUONQ01_RES("OQSmuonq01res_", "オンライン診療等 同意済資格情報取得 受付結果", 1),
  OQS_MUONQ02_REQ("OQSmuonq02req_", "オンライン診療等 同意済資格情報取得 結果取得要求", 2),
  OQS_MUONQ02_RES("OQSmuonq02res_", "オンライン診療等 同意済資格情報取得 結果", 2),
  OQS_MUTIC01_REQ("OQSmutic01req_", "医療扶助 医療券・調剤券情報取得 要求", 1),
  OQS_MUTIC01_RES("OQSmutic01res_", "医療扶助 医療券・調剤券情報取得 受付結果", 1),
  OQS_MUTIC02_REQ("OQSmutic02req_", "医療扶助 医療券・調剤券情報取得 結果取得要求", 2),
  OQS_MUTIC02_RES("OQSmutic02res_", "医療扶助 医療券・調剤券情報取得 結果", 2),
  YZK_SIQUC01_REQ("YZKsiquc01req_", "薬剤情報 要求", 0),
  YZK_SIQUC01_RES("YZKsiquc01res_", "薬剤情報 結果", 0),
  TKK_SIQUC01_REQ("TKKsiquc01req_", "特定健診情報 要求", 0),
  TKK_SIQUC01_RES("TKKsiquc01res_", "特定健診情報 結果", 0);

  private static final Pattern FACE_NAME =
      Pattern.compile("OQSsiquc01res_face_.+_\\d{14}\\.xml", Pattern.CASE_INSENSITIVE);

  private final String prefix;
  private final String title;
  private final int bulkPhase;

  MessageKind(String prefix, String title, int bulkPhase) {
    this.prefix = prefix;
    this.title = title;
    this.bulkPhase = bulkPhase;
  }

  /** The fixed head of the file name, e.g. {@code OQSsiquc01req_}. */
  public String prefix() {
    return prefix;
  }

  /** What the file is, in Japanese, for operators. */
  public String title() {
    return title;
  }

  public boolean isRequest() {
    return prefix.endsWith("req_");
  }

  public boolean isResult() {
    return !isRequest();
  }

  /** True for face results, which the terminal writes without a request. */
  public boolean isPushed() {
    return this == OQS_SIQUC01_FACE;
  }

  /** True for the upload phase (01) of a bulk exchange, request or reception result. */
  public boolean isBulkPhase1() {
    return bulkPhase == 1;
  }

  /** True for the download phase (02) of a bulk exchange, request or result. */
  public boolean isBulkPhase2() {
    return bulkPhase == 2;
  }

  /** For a request, the kind of its result; empty for results. */
  public Optional<MessageKind> resultKind() {
    return isRequest() ? Optional.of(valueOf(name().replace("_REQ", "_RES"))) : Optional.empty();
  }

  /** For a result other than a face result, the kind of the request it answers. */
  public Optional<MessageKind> requestKind() {
    return isResult() && !isPushed()
        ? Optional.of(valueOf(name().replace("_RES", "_REQ")))
        : Optional.empty();
  }

  /**
   * For a bulk phase-1 kind, the kind of the phase-2 request sent with the ReceptionNumber of the
   * reception result (e.g. OQSmuhvq01res → OQSmuhvq02req).
   */
  public Optional<MessageKind> downloadRequestKind() {
    return isBulkPhase1()
        ? Optional.of(valueOf(name().replace("01_RES", "02_REQ").replace("01_REQ", "02_REQ")))
        : Optional.empty();
  }

  /** File extensions the terminal uses for this kind (OQS-PROTOCOL.md §1.2, §1.6). */
  public Set<String> extensions() {
    if (this == YZK_SIQUC01_RES || this == TKK_SIQUC01_RES) {
      return Set.of("xml", "pdf");
    }
    if (this == OQS_MUHVQ02_RES || this == OQS_MUONQ02_RES || this == OQS_MUTIC02_RES) {
      return Set.of("xml", "zip");
    }
    return Set.of("xml");
  }

  /**
   * The kind a file name (with or without directories) denotes. Face results count only in the
   * authoritative shape {@code OQSsiquc01res_face_*_<14 digits>.xml} (OQS-PROTOCOL.md §1.2 [C: S11,
   * S12]); other names starting with that head are not recognised.
   */
  public static Optional<MessageKind> fromFileName(String fileName) {
    if (fileName == null) {
      return Optional.empty();
    }
    String name =
        fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    if (name.regionMatches(true, 0, OQS_SIQUC01_FACE.prefix, 0, OQS_SIQUC01_FACE.prefix.length())) {
      return FACE_NAME.matcher(name).matches() ? Optional.of(OQS_SIQUC01_FACE) : Optional.empty();
    }
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
    for (MessageKind kind : values()) {
      if (kind != OQS_SIQUC01_FACE
          && name.startsWith(kind.prefix)
          && dot > kind.prefix.length()
          && kind.extensions().contains(ext)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /**
   * The result name for a request name: {@code OQSsiquc01req_202506020001.xml} → {@code
   * OQSsiquc01res_202506020001.xml}.
   *
   * @throws IllegalArgumentException when the name is not that of a known request
   */
  public static String requestToResultName(String requestFileName) {
    MessageKind kind =
        fromFileName(requestFileName)
            .filter(MessageKind::isRequest)
            .orElseThrow(() -> new IllegalArgumentException("not a request file name"));
    int at = requestFileName.lastIndexOf(kind.prefix);
    return requestFileName.substring(0, at)
        + kind.resultKind().orElseThrow().prefix
        + requestFileName.substring(at + kind.prefix.length());
  }
}

package jp.oqsgateway.gateway.oqs.bulk;

import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.message.BulkRegistrationResult;
import jp.oqsgateway.gateway.oqs.message.BulkResult;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsMessage;

/**
 * One family of two-phase bulk files (docs/OQS-PROTOCOL.md §2.5, §2.6, §2.8): the request kinds of
 * its two phases, the message kinds of its answers and the type its download result decodes to.
 *
 * @param <R> the typed download result
 */
public final class BulkFamily<R extends OqsMessage> {
  /** 資格確認一括照会 (§2.5). */
  public static final BulkFamily<BulkResult> MUQUC =
      new BulkFamily<>(RequestKind.MUQUC01, RequestKind.MUQUC02, "MUQUC", BulkResult.class);

  /** 照会番号一括登録 (§2.8). */
  public static final BulkFamily<BulkRegistrationResult> MUIMM =
      new BulkFamily<>(
          RequestKind.MUIMM01, RequestKind.MUIMM02, "MUIMM", BulkRegistrationResult.class);

  /** 訪問診療等 同意済資格情報取得 (§2.6). */
  public static final BulkFamily<BulkResult> MUHVQ =
      new BulkFamily<>(RequestKind.MUHVQ01, RequestKind.MUHVQ02, "MUHVQ", BulkResult.class);

  /** オンライン診療等 同意済資格情報取得 (§2.6). */
  public static final BulkFamily<BulkResult> MUONQ =
      new BulkFamily<>(RequestKind.MUONQ01, RequestKind.MUONQ02, "MUONQ", BulkResult.class);

  /** 医療扶助 医療券・調剤券情報取得 (§2.6). */
  public static final BulkFamily<BulkResult> MUTIC =
      new BulkFamily<>(RequestKind.MUTIC01, RequestKind.MUTIC02, "MUTIC", BulkResult.class);

  private final RequestKind upload;
  private final RequestKind download;
  private final String name;
  private final Class<R> resultType;

  private BulkFamily(RequestKind upload, RequestKind download, String name, Class<R> resultType) {
    this.upload = upload;
    this.download = download;
    this.name = name;
    this.resultType = resultType;
  }

  /** The link's kind of the phase's request. */
  public RequestKind requestKind(BulkPhase phase) {
    return phase == BulkPhase.UPLOAD ? upload : download;
  }

  /** The codec's kind of the upload request ({@code OQSmuhvq01req}). */
  public MessageKind uploadRequest() {
    return MessageKind.valueOf("OQS_" + name + "01_REQ");
  }

  /** The codec's kind of the download request ({@code OQSmuhvq02req}). */
  public MessageKind downloadRequest() {
    return MessageKind.valueOf("OQS_" + name + "02_REQ");
  }

  /** The codec's kind of the phase's answer ({@code OQSmuhvq01res}, {@code OQSmuhvq02res}). */
  public MessageKind answer(BulkPhase phase) {
    return MessageKind.valueOf("OQS_" + name + (phase == BulkPhase.UPLOAD ? "01" : "02") + "_RES");
  }

  Class<R> resultType() {
    return resultType;
  }

  @Override
  public String toString() {
    return upload.prefix().substring(0, upload.prefix().length() - 2);
  }
}

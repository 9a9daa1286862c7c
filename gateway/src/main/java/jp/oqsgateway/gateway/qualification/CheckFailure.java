package jp.oqsgateway.gateway.qualification;

/**
 * Why a check failed, each with the HTTP status the API answers with (STYLE.md: 502 OQS error, 503
 * OQS down, 504 OQS timeout) and a Japanese sentence for staff screens.
 */
public enum CheckFailure {
  /** A field the terminal's encoding cannot carry; nothing was sent. */
  INVALID_REQUEST(400, "資格確認端末に送れない文字が含まれています"),
  /** The terminal or OQS refused the request ({@code .err}, SegmentOfResult 9). */
  OQS_ERROR(502, "オンライン資格確認システムがエラーを返しました"),
  /** The answer could not be read. */
  INVALID_RESULT(502, "資格確認端末の応答を読み取れませんでした"),
  /** The link program never picked the request up. */
  LINK_DOWN(503, "資格確認端末の連携プログラムが応答していません"),
  /** Picked up, never answered: OQS may have processed it; retry is a person's decision. */
  OUTCOME_UNKNOWN(504, "資格確認端末から応答がありません（処理されたかは不明です）"),
  /** A read-only request got no answer in time. */
  TIMED_OUT(504, "資格確認端末から時間内に応答がありませんでした");

  private final int httpStatus;
  private final String staffMessage;

  CheckFailure(int httpStatus, String staffMessage) {
    this.httpStatus = httpStatus;
    this.staffMessage = staffMessage;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String staffMessage() {
    return staffMessage;
  }
}

package jp.oqsgateway.gateway.qualification;

import java.util.Locale;
import jp.oqsgateway.gateway.failure.Rejection;

/**
 * Why a check failed, each with the kind of rejection it is for a caller (the one mapper in {@code
 * http} gives the status) and a Japanese sentence for staff screens.
 */
public enum CheckFailure {
  /** A field the terminal's encoding cannot carry; nothing was sent. */
  INVALID_REQUEST(Rejection.Kind.INVALID, "資格確認端末に送れない文字が含まれています"),
  /** The terminal or OQS refused the request ({@code .err}, SegmentOfResult 9). */
  OQS_ERROR(Rejection.Kind.OQS_ERROR, "オンライン資格確認システムがエラーを返しました"),
  /** The answer could not be read. */
  INVALID_RESULT(Rejection.Kind.OQS_ERROR, "資格確認端末の応答を読み取れませんでした"),
  /**
   * The day's request file names are used up (9,999, or 999,999 with extended names: OQS-LINK.md);
   * nothing was sent.
   */
  REQUEST_NUMBERS_USED_UP(Rejection.Kind.UNAVAILABLE, "本日送れる資格確認の依頼の上限件数をすべて使いました"),
  /** The link program never picked the request up. */
  LINK_DOWN(Rejection.Kind.UNAVAILABLE, "資格確認端末の連携プログラムが応答していません"),
  /** Picked up, never answered: OQS may have processed it; retry is a person's decision. */
  OUTCOME_UNKNOWN(Rejection.Kind.OQS_TIMEOUT, "資格確認端末から応答がありません（処理されたかは不明です）"),
  /** A read-only request got no answer in time. */
  TIMED_OUT(Rejection.Kind.OQS_TIMEOUT, "資格確認端末から時間内に応答がありませんでした");

  private final Rejection.Kind kind;
  private final String staffMessage;

  CheckFailure(Rejection.Kind kind, String staffMessage) {
    this.kind = kind;
    this.staffMessage = staffMessage;
  }

  public Rejection.Kind kind() {
    return kind;
  }

  public String staffMessage() {
    return staffMessage;
  }

  /**
   * The rejection a caller gets for a request that failed so: slug {@code slugPrefix} and the
   * reason ({@code check-link-down}), the staff sentence as title, {@code detail}, field {@code
   * request} when the request itself was at fault.
   */
  public Rejection rejection(String slugPrefix, String detail) {
    Rejection r =
        Rejection.of(
            kind,
            slugPrefix + name().toLowerCase(Locale.ROOT).replace('_', '-'),
            staffMessage,
            detail);
    return kind == Rejection.Kind.INVALID ? r.onField("request") : r;
  }
}

package jp.oqsgateway.gateway.oqs.simulator;

/**
 * Error codes the simulator writes. The real codes (別紙6-1 処理結果コード) are not available
 * (OQS-PROTOCOL.md §3, §6.2), so these are recognisably simulated ({@code SIM…}); a gateway must
 * treat codes as opaque and show the message as is.
 */
final class SimulatedErrors {
  static final String INVALID_REQUEST = "SIM9001";
  static final String UNKNOWN_RECEPTION = "SIM9002";
  static final String WRONG_INSTITUTION = "SIM9003";
  static final String UNKNOWN_KIND = "SIM9004";
  static final String PERSON_INPUT = "SIM2001";
  static final String NOT_FOUND = "SIM2101";

  /** Re-inquiry without a home-visit consent in force on the date asked about. */
  static final String NO_HOME_VISIT_CONSENT = "SIM2201";

  /** Re-inquiry after the consent's window (継続的な関係) has closed. */
  static final String HOME_VISIT_CONSENT_EXPIRED = "SIM2202";

  static final String MSG_INVALID_REQUEST = "要求ファイルの必須項目が不足しています。";
  static final String MSG_UNKNOWN_RECEPTION = "指定された受付番号の処理結果は存在しません。";
  static final String MSG_WRONG_INSTITUTION = "医療機関コードが資格確認端末の設定と一致しません。";
  static final String MSG_UNKNOWN_KIND = "この要求種別には対応していません。";
  static final String MSG_PERSON_INPUT = "照会条件の必須項目が不足しています。";
  static final String MSG_NOT_FOUND = "該当する資格情報が存在しません。";
  static final String MSG_NO_CONSENT = "閲覧に必要な同意が存在しないか、同意の有効期限が切れています。";
  static final String MSG_NO_HOME_VISIT_CONSENT = "居宅同意取得型の同意がないため再照会できません。";
  static final String MSG_HOME_VISIT_CONSENT_EXPIRED = "継続的な関係が確認できないため再照会できません（同意有効期限切れ）。";

  private SimulatedErrors() {}
}

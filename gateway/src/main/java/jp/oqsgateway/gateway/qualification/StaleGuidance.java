package jp.oqsgateway.gateway.qualification;

/**
 * What staff do while OQS cannot be reached (厚生労働省の案内: 資格確認ができない場合の対応), shown with every answer of
 * an unreachable OQS, with or without a last known qualification.
 */
public final class StaleGuidance {
  private StaleGuidance() {}

  /** For staff screens, in Japanese. */
  public static final String TEXT =
      "オンライン資格確認システムに接続できません。患者さんに「資格情報のお知らせ」または"
          + "マイナポータルの資格情報画面の提示をお願いしてください。いずれもない場合は"
          + "「被保険者資格申立書」に記入いただいてください。接続が回復すると、この資格確認は"
          + "自動的に再実行されます。";

  /** When a last known qualification is shown: it may be out of date. */
  public static final String STALE_NOTE = "表示中の資格情報は前回確認時のもので、最新ではない可能性があります。";
}

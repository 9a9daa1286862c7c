package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD042 二要素認証方式区分 (OQS-PROTOCOL.md §3). The same code means different methods depending on the
 * OQSCD041 factor ({@code 01} is ID/パスワード for 記憶 but 指紋 for 生体情報), so a code alone cannot be
 * labelled: look values up with {@link #of(AuthenticationFactor, String)}.
 */
public enum AuthenticationMethod implements OqsCode {
  ID_PASSWORD(AuthenticationFactor.KNOWLEDGE, "01", "ID/パスワード"),
  PIN(AuthenticationFactor.KNOWLEDGE, "02", "暗証番号(PIN)"),
  SECRET_QUESTION(AuthenticationFactor.KNOWLEDGE, "03", "秘密の質問"),
  FINGERPRINT(AuthenticationFactor.BIOMETRIC, "01", "指紋"),
  FACE(AuthenticationFactor.BIOMETRIC, "02", "顔"),
  VOICE(AuthenticationFactor.BIOMETRIC, "03", "音声"),
  VEIN(AuthenticationFactor.BIOMETRIC, "04", "静脈"),
  IRIS(AuthenticationFactor.BIOMETRIC, "05", "虹彩"),
  IC_CARD(AuthenticationFactor.POSSESSION, "01", "ICカード"),
  ONE_TIME_PASSWORD(AuthenticationFactor.POSSESSION, "02", "ワンタイムパスワード"),
  OTHER_PHYSICAL_MEDIUM(AuthenticationFactor.POSSESSION, "03", "その他の物理媒体");

  private final AuthenticationFactor factor;
  private final String code;
  private final String label;

  AuthenticationMethod(AuthenticationFactor factor, String code, String label) {
    this.factor = factor;
    this.code = code;
    this.label = label;
  }

  /** The OQSCD041 factor this method belongs to. */
  public AuthenticationFactor factor() {
    return factor;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public OqsCodeTable table() {
    return OqsCodeTable.OQSCD042;
  }

  /** The method with that code for that factor. */
  public static Optional<AuthenticationMethod> of(AuthenticationFactor factor, String code) {
    for (AuthenticationMethod m : values()) {
      if (m.factor == factor && m.code.equals(code)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** As {@link #of(AuthenticationFactor, String)} with the factor given by its OQSCD041 code. */
  public static Optional<AuthenticationMethod> of(String factorCode, String code) {
    return AuthenticationFactor.fromCode(factorCode).flatMap(f -> of(f, code));
  }
}

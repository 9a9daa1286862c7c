package jp.oqsgateway.gateway.oqs.xml;

import java.nio.charset.Charset;

/**
 * The two encodings of the terminal's files (OQS-PROTOCOL.md §1.3). Shift_JIS is written as
 * Windows' CP932, which is what the terminal (a Windows PC) reads and writes under that name.
 */
public enum OqsCharset {
  UTF_8("UTF-8", Charset.forName("UTF-8"), "0"),
  SHIFT_JIS("Shift_JIS", Charset.forName("windows-31j"), "1");

  private final String declaredName;
  private final Charset charset;
  private final String characterCodeIdentifier;

  OqsCharset(String declaredName, Charset charset, String characterCodeIdentifier) {
    this.declaredName = declaredName;
    this.charset = charset;
    this.characterCodeIdentifier = characterCodeIdentifier;
  }

  /** The name written in the XML declaration. */
  public String declaredName() {
    return declaredName;
  }

  public Charset charset() {
    return charset;
  }

  /** The value of {@code MessageHeader/CharacterCodeIdentifier} (OQSCD005) for this encoding. */
  public String characterCodeIdentifier() {
    return characterCodeIdentifier;
  }

  /** Maps a declared encoding name; null when it is not one the terminal uses. */
  public static OqsCharset fromDeclared(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    return switch (n) {
      case "utf_8", "utf8" -> UTF_8;
      case "shift_jis", "sjis", "shift_jis_2004", "windows_31j", "cp932", "ms932", "x_sjis" ->
          SHIFT_JIS;
      default -> null;
    };
  }
}

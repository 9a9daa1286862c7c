package jp.oqsgateway.gateway.oqs.xml;

import java.nio.charset.Charset;

/** A field whose text the request's encoding cannot carry; names the field and the code point. */
public final class UnencodableTextException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;

  public UnencodableTextException(String field, int codePoint, Charset charset) {
    super(
        field
            + ": character U+"
            + String.format("%04X", codePoint)
            + " cannot be written in "
            + charset.name()
            + "; use a character the terminal's encoding supports");
    this.field = field;
  }

  public String field() {
    return field;
  }
}

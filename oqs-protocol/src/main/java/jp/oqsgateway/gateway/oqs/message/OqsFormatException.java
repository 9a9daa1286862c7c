package jp.oqsgateway.gateway.oqs.message;

/**
 * A well-formed file whose content breaks a rule of OQS-PROTOCOL.md §2: names the file, the element
 * path and the rule, never the offending value (it may be a name, a birth date or a card number).
 */
public final class OqsFormatException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final String path;
  private final String rule;

  public OqsFormatException(String file, String path, String rule) {
    super(file + ": " + path + ": " + rule);
    this.file = file;
    this.path = path;
    this.rule = rule;
  }

  public String file() {
    return file;
  }

  public String path() {
    return path;
  }

  public String rule() {
    return rule;
  }
}

package jp.oqsgateway.gateway.oqs.validate;

/**
 * One rule a document breaks: where and which rule, never the value (it may be patient data).
 *
 * @param path element path, e.g. {@code /XmlMsg/MessageHeader/ArbitraryFileIdentifier}
 * @param rule what is wrong, e.g. {@code must be at most 50 characters}
 */
public record Problem(String path, String rule) {
  @Override
  public String toString() {
    return path + ": " + rule;
  }
}

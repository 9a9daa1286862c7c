package jp.oqsgateway.gateway.oqs.message;

/**
 * A rule a file breaks, found while decoding: the element path and the rule, never the value.
 *
 * @param path e.g. {@code
 *     /XmlMsg/MessageBody/ResultList/ResultOfQualificationConfirmation[1]/Birthdate}
 * @param rule e.g. {@code must be YYYYMMDD}
 */
public record FormatIssue(String path, String rule) {}

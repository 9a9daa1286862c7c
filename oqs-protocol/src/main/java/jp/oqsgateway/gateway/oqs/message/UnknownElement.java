package jp.oqsgateway.gateway.oqs.message;

import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * An element the codec does not model, kept with the path of its parent so nothing a newer terminal
 * sends is lost (OQS-PROTOCOL.md §1.8: the schema keeps growing).
 *
 * @param path e.g. {@code /XmlMsg/MessageHeader/FutureElement}
 */
public record UnknownElement(String path, XmlElement element) {}

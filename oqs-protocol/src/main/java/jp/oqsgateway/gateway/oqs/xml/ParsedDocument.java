package jp.oqsgateway.gateway.oqs.xml;

/**
 * A file as read from the terminal's folders: the element tree, the encoding it was written in, and
 * the exact bytes (kept so that every result can be stored and re-parsed as it arrived).
 */
public record ParsedDocument(String fileName, XmlElement root, OqsCharset charset, byte[] raw) {}

package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlWriter;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Typed reading and writing of every message of OQS-PROTOCOL.md §2.
 *
 * <p>Decoding is by element name, in any order; empty elements are absent; unknown elements are
 * kept in {@link OqsMessage#unknownElements()} and unknown codes in {@code Coded}; insurer numbers
 * may be space- or zero-padded. A broken value or a missing required element throws {@link
 * OqsFormatException} naming file, path and rule, never the value.
 *
 * <p>Encoding writes elements in specification order; a CharacterCodeIdentifier is written as the
 * value of the charset actually used.
 */
public final class OqsCodec {
  private OqsCodec() {}

  /** The kind of a document: from its file name, else guessed from its content. */
  public static Optional<MessageKind> kindOf(ParsedDocument doc) {
    Optional<MessageKind> byName = MessageKind.fromFileName(doc.fileName());
    return byName.isPresent() ? byName : KindGuess.of(doc.root());
  }

  public static OqsMessage decode(ParsedDocument doc) throws OqsFormatException {
    MessageKind kind =
        kindOf(doc)
            .orElseThrow(
                () ->
                    new OqsFormatException(
                        doc.fileName(), "/" + doc.root().name(), "layout not recognised"));
    return decode(doc, kind);
  }

  /** Decodes as {@code kind} whatever the file name says. */
  public static OqsMessage decode(ParsedDocument doc, MessageKind kind) throws OqsFormatException {
    DecodeContext ctx = new DecodeContext(doc.fileName(), false);
    return decodeRoot(ctx, doc, kind);
  }

  /**
   * Every rule the document breaks, instead of the first: what {@link #decode} would complain
   * about, one issue per element. Empty when the document decodes.
   */
  public static List<FormatIssue> inspect(ParsedDocument doc) {
    Optional<MessageKind> kind = kindOf(doc);
    if (kind.isEmpty()) {
      return List.of(new FormatIssue("/" + doc.root().name(), "layout not recognised"));
    }
    DecodeContext ctx = new DecodeContext(doc.fileName(), true);
    try {
      decodeRoot(ctx, doc, kind.get());
    } catch (OqsFormatException e) {
      throw new IllegalStateException("lenient decoding does not throw", e);
    }
    return ctx.issues();
  }

  /**
   * The {@code MessageHeader} of a result document, read leniently whatever its kind: a value that
   * breaks a rule is left out ({@link #inspect} says which). Empty when the document has none.
   * Enough to tell an answer from OQS's refusal of the whole request (SegmentOfResult) and to date
   * it, even in a document whose body does not decode.
   */
  public static Optional<ResultHeader> resultHeader(ParsedDocument doc) {
    DecodeContext ctx = new DecodeContext(doc.fileName(), true);
    Node root = ctx.visit(doc.root(), "/" + doc.root().name());
    Optional<Node> header = root.child("MessageHeader");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Parts.header(header.get()));
    } catch (OqsFormatException e) {
      throw new IllegalStateException("lenient decoding does not throw", e);
    }
  }

  /**
   * The message as the element tree the file link writes; {@code charset} decides the
   * CharacterCodeIdentifier where the message has one.
   */
  public static XmlElement toDocument(OqsMessage message, OqsCharset charset) {
    return MessageEncoder.encode(message, charset);
  }

  public static byte[] encode(OqsMessage message, OqsCharset charset)
      throws UnencodableTextException {
    return OqsXmlWriter.write(MessageEncoder.encode(message, charset), charset);
  }

  private static OqsMessage decodeRoot(DecodeContext ctx, ParsedDocument doc, MessageKind kind)
      throws OqsFormatException {
    Node root = ctx.visit(doc.root(), "/" + doc.root().name());
    if (!doc.root().name().equals("XmlMsg")) {
      ctx.fail(root.path(), "root element must be XmlMsg");
    }
    return MessageDecoder.decode(kind, root);
  }
}

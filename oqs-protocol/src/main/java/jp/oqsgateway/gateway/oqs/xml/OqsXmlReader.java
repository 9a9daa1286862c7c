package jp.oqsgateway.gateway.oqs.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads OQS XML defensively. Files come from another machine's folder and may be half-written,
 * hostile or huge, so: a DOCTYPE is refused outright (no DTD, no entity expansion, no external
 * fetch: XXE and billion-laughs cannot happen), size, depth and element count are bounded before
 * anything is allocated for them, and the bytes are decoded strictly in the encoding the file
 * declares (UTF-8 or Shift_JIS, with or without BOM). Every error names the file and where (element
 * path, line and column) and a fixed rule; none quotes the document, not even the parser's own
 * message, which does (see {@link OqsXmlException}).
 */
public final class OqsXmlReader {
  /**
   * Limits; the defaults fit the largest bulk results with a wide margin. A person in a bulk result
   * ({@code BulkConfirmUnit}) takes 20 to 70 elements (the richest in the samples: 35 with 限度額 and
   * every consent), so 500,000 elements hold about 7,000 of the richest persons, 14 times the 500
   * of the gateway's largest bulk upload (照会番号 registration). The element count bounds the heap a
   * tree costs (about 35 bytes per element even when the file spends only 4 on it, {@code <a/>}),
   * which the byte limit alone does not: 2,000,000 elements of 8 MB took 70 MB.
   */
  public record Limits(long maxBytes, int maxDepth, int maxElements) {
    public static final Limits DEFAULT = new Limits(32L * 1024 * 1024, 16, 500_000);
  }

  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9_.:-]+)[\"']");
  private static final Pattern SHOWN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final XMLInputFactory FACTORY = hardenedFactory();

  private final Limits limits;

  public OqsXmlReader(Limits limits) {
    this.limits = limits;
  }

  public OqsXmlReader() {
    this(Limits.DEFAULT);
  }

  /** Reads a file, refusing it before reading when it is larger than the limit. */
  public ParsedDocument read(Path file) throws OqsXmlException, IOException {
    String name = file.getFileName().toString();
    long size = Files.size(file);
    if (size > limits.maxBytes()) {
      throw OqsXmlException.refused(
          name, "", "file is " + size + " bytes, larger than the limit of " + limits.maxBytes());
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) Math.min(size + 1, limits.maxBytes() + 1));
    }
    return parse(name, bytes);
  }

  /** Parses bytes that were already read (e.g. from a zip entry or the database). */
  public ParsedDocument parse(String fileName, byte[] bytes) throws OqsXmlException {
    if (bytes.length > limits.maxBytes()) {
      throw OqsXmlException.refused(
          fileName, "", "file is larger than the limit of " + limits.maxBytes() + " bytes");
    }
    int offset = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
    OqsCharset charset = offset > 0 ? OqsCharset.UTF_8 : declaredCharset(fileName, bytes);
    String text = decode(fileName, bytes, offset, charset);
    return new ParsedDocument(fileName, buildTree(fileName, text), charset, bytes);
  }

  private static OqsCharset declaredCharset(String fileName, byte[] bytes) throws OqsXmlException {
    String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
    Matcher m = DECLARED_ENCODING.matcher(head);
    if (!m.find()) {
      return OqsCharset.UTF_8; // XML's default when no encoding is declared
    }
    OqsCharset cs = OqsCharset.fromDeclared(m.group(1));
    if (cs == null) {
      throw OqsXmlException.refused(
          fileName, "XML declaration", "encoding " + m.group(1) + " is not UTF-8 or Shift_JIS");
    }
    return cs;
  }

  private static String decode(String fileName, byte[] bytes, int offset, OqsCharset charset)
      throws OqsXmlException {
    try {
      return charset
          .charset()
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
          .toString();
    } catch (CharacterCodingException e) {
      throw new OqsXmlException(
          fileName, "", "bytes are not valid " + charset.declaredName() + " (" + e + ")");
    }
  }

  private XmlElement buildTree(String fileName, String text) throws OqsXmlException {
    Deque<Builder> open = new ArrayDeque<>();
    XmlElement root = null;
    int elements = 0;
    XMLStreamReader r = null;
    try {
      r = FACTORY.createXMLStreamReader(new StringReader(text));
      while (r.hasNext()) {
        int event = r.next();
        switch (event) {
          case XMLStreamConstants.DTD ->
              throw OqsXmlException.refused(
                  fileName, "line " + r.getLocation().getLineNumber(), "DOCTYPE is not allowed");
          case XMLStreamConstants.ENTITY_REFERENCE ->
              throw OqsXmlException.refused(
                  fileName, "line " + r.getLocation().getLineNumber(), "entities are not allowed");
          case XMLStreamConstants.START_ELEMENT -> {
            if (++elements > limits.maxElements()) {
              throw OqsXmlException.refused(
                  fileName, path(open), "more than " + limits.maxElements() + " elements");
            }
            if (open.size() >= limits.maxDepth()) {
              throw OqsXmlException.refused(
                  fileName, path(open), "nested deeper than " + limits.maxDepth());
            }
            open.push(new Builder(r.getLocalName(), r.getLocation().getLineNumber()));
          }
          case XMLStreamConstants.CHARACTERS,
              XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> {
            if (!open.isEmpty()) {
              open.peek().text.append(r.getText());
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            Builder done = open.pop();
            XmlElement element = done.build();
            if (open.isEmpty()) {
              root = element;
            } else {
              open.peek().children.add(element);
            }
          }
          default -> {
            // comments, processing instructions: ignored
          }
        }
      }
    } catch (XMLStreamException e) {
      // Never the parser's text: it quotes the document ("The reference to entity "太郎" must end
      // with the ';' delimiter", "Element type "山田" must be followed by..."), which may be a
      // patient's name or number. Only where, and a fixed category; no cause is kept either.
      Location at = e.getLocation();
      String position =
          at == null || at.getLineNumber() < 1
              ? "position unknown"
              : "line " + at.getLineNumber() + ", column " + Math.max(at.getColumnNumber(), 0);
      throw new OqsXmlException(
          fileName,
          (open.isEmpty() ? "" : path(open) + ", ") + position,
          "malformed XML (not well-formed)");
    } finally {
      closeQuietly(r);
    }
    if (root == null) {
      throw new OqsXmlException(fileName, "", "no root element");
    }
    return root;
  }

  /**
   * The open elements, for error messages. Every OQS element name is ASCII; a name that is not (or
   * is implausibly long) is shown as {@code ?}: in a broken file it may be text behind a stray
   * {@code <} (a name such as {@code <山田>}), which is patient data, not markup.
   */
  private static String path(Deque<Builder> open) {
    StringBuilder sb = new StringBuilder();
    var it = open.descendingIterator();
    while (it.hasNext()) {
      String name = it.next().name;
      sb.append('/').append(SHOWN_NAME.matcher(name).matches() ? name : "?");
    }
    return sb.toString();
  }

  private static void closeQuietly(XMLStreamReader r) {
    if (r != null) {
      try {
        r.close();
      } catch (XMLStreamException ignored) {
        // closing a reader over a String cannot fail meaningfully
      }
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static XMLInputFactory hardenedFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f;
  }

  private static final class Builder {
    final String name;
    final int line;
    final StringBuilder text = new StringBuilder();
    final List<XmlElement> children = new ArrayList<>();

    Builder(String name, int line) {
      this.name = name;
      this.line = line;
    }

    XmlElement build() {
      return new XmlElement(name, text.toString(), children, line);
    }
  }
}

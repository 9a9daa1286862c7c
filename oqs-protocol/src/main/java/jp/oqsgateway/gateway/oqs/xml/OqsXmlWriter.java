package jp.oqsgateway.gateway.oqs.xml;

import java.nio.charset.CharsetEncoder;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes OQS XML the way the terminal's own files look: the declaration the terminal expects,
 * two-space indentation, leaves on one line. Text that the target encoding cannot represent (e.g. a
 * name with a character outside CP932) is refused before anything is written, naming the element
 * path and the code point, never the text itself.
 */
public final class OqsXmlWriter {
  private OqsXmlWriter() {}

  public static byte[] write(XmlElement root, OqsCharset charset) throws UnencodableTextException {
    CharsetEncoder encoder = charset.charset().newEncoder();
    StringBuilder out = new StringBuilder(1024);
    out.append("<?xml version=\"1.0\" encoding=\"")
        .append(charset.declaredName())
        .append("\" standalone=\"no\"?>\n");
    append(out, root, 0, encoder, new ArrayDeque<>());
    return out.toString().getBytes(charset.charset());
  }

  /**
   * Refuses, as {@link #write} would, text the encoding cannot carry, without building the file:
   * for callers that must know before they spend anything on a request.
   */
  public static void requireEncodable(XmlElement root, OqsCharset charset)
      throws UnencodableTextException {
    requireEncodable(root, charset.charset().newEncoder(), new ArrayDeque<>());
  }

  private static void requireEncodable(XmlElement e, CharsetEncoder encoder, Deque<String> path)
      throws UnencodableTextException {
    path.addLast(e.name());
    if (e.children().isEmpty()) {
      check(e.text(), encoder, path);
    }
    for (XmlElement c : e.children()) {
      requireEncodable(c, encoder, path);
    }
    path.removeLast();
  }

  private static void append(
      StringBuilder out, XmlElement e, int depth, CharsetEncoder encoder, Deque<String> path)
      throws UnencodableTextException {
    path.addLast(e.name());
    out.append("  ".repeat(depth)).append('<').append(e.name()).append('>');
    if (e.children().isEmpty()) {
      check(e.text(), encoder, path);
      escape(out, e.text());
    } else {
      out.append('\n');
      for (XmlElement c : e.children()) {
        append(out, c, depth + 1, encoder, path);
      }
      out.append("  ".repeat(depth));
    }
    out.append("</").append(e.name()).append(">\n");
    path.removeLast();
  }

  private static void check(String text, CharsetEncoder encoder, Deque<String> path)
      throws UnencodableTextException {
    if (encoder.canEncode(text)) {
      return;
    }
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!encoder.canEncode(new String(Character.toChars(cp)))) {
        throw new UnencodableTextException("/" + String.join("/", path), cp, encoder.charset());
      }
      i += Character.charCount(cp);
    }
  }

  private static void escape(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
  }
}

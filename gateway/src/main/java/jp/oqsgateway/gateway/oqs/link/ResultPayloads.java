package jp.oqsgateway.gateway.oqs.link;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;

/**
 * What a result file holds when it is not plain XML: the XML inside a bulk result archive, the text
 * of a terminal's {@code .err}. Bounded and never written to disk; run on the {@code oqsgw-files}
 * worker pool.
 */
final class ResultPayloads {
  private static final int MAX_ZIP_ENTRIES = 1000;

  private ResultPayloads() {}

  /**
   * The XML inside a bulk result archive whose name starts with {@code resultPrefix}. Bounded: at
   * most {@value #MAX_ZIP_ENTRIES} entries and {@code maxBytes} uncompressed for the chosen entry
   * (a zip bomb stops at the limit); names with {@code ..} or an absolute path are refused, and
   * nothing is ever written to disk.
   */
  static byte[] extractResult(byte[] zip, String resultPrefix, long maxBytes) throws IOException {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      int entries = 0;
      while ((entry = in.getNextEntry()) != null) {
        if (++entries > MAX_ZIP_ENTRIES) {
          throw new IOException("archive has more than " + MAX_ZIP_ENTRIES + " entries");
        }
        String name = entry.getName().replace('\\', '/');
        if (name.startsWith("/")
            || name.contains("../")
            || name.equals("..")
            || name.contains(":")) {
          throw new IOException("archive entry with an unsafe path");
        }
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (entry.isDirectory()
            || !base.startsWith(resultPrefix)
            || !base.toLowerCase(Locale.ROOT).endsWith(".xml")) {
          continue;
        }
        byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > maxBytes) {
          throw new IOException("archive entry larger than " + maxBytes + " bytes uncompressed");
        }
        return bytes;
      }
    }
    throw new IOException("archive holds no " + resultPrefix + "*.xml");
  }

  /**
   * The terminal's {@code .err} text (UTF-8 when valid, else Shift_JIS (CP932)) as it may be shown
   * to an API caller: control characters removed, at most {@link TerminalText#MAX_LENGTH}
   * characters ({@link TerminalText#clean}).
   */
  static String errText(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, OqsCharset.SHIFT_JIS.charset());
    }
    return TerminalText.clean(text);
  }
}

package jp.oqsgateway.gateway.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A backup's passphrase, read from a file or from standard input (never from the command line,
 * where any user of the machine could read it in the process list): the first line, without its
 * line break.
 */
public final class Passphrase {
  static final int MIN_LENGTH = 12;
  private static final int MAX_BYTES = 4096;

  private Passphrase() {}

  /** Reads {@code file}, or standard input when it is {@code -}. */
  public static char[] read(String file, InputStream stdin) throws IOException {
    byte[] bytes;
    if ("-".equals(file)) {
      bytes = readLimited(stdin);
    } else {
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        bytes = readLimited(in);
      }
    }
    try {
      String text = new String(bytes, StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      String line = end < 0 ? text : text.substring(0, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.codePointCount(0, line.length()) < MIN_LENGTH) {
        throw new BackupException(
            "the passphrase in "
                + ("-".equals(file) ? "standard input" : file)
                + " is shorter than "
                + MIN_LENGTH
                + " characters");
      }
      return line.toCharArray();
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[512];
    int n;
    while ((n = in.read(buffer)) > 0) {
      out.write(buffer, 0, n);
      if (out.size() > MAX_BYTES) {
        throw new BackupException("the passphrase file is larger than " + MAX_BYTES + " bytes");
      }
    }
    return out.toByteArray();
  }
}

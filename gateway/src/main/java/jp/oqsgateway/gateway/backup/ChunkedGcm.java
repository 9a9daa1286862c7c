package jp.oqsgateway.gateway.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM over a stream of any length, in chunks of {@link #CHUNK} bytes, each sealed on its
 * own (the STREAM construction that age and Tink's streaming AEAD use): the nonce is a random
 * 7-byte prefix, the chunk's 4-byte number and a byte that marks the last chunk, so chunks cannot
 * be reordered, dropped or cut off at the end without the next one failing its tag. One GCM call
 * over the whole backup would have to hold all of it in memory to decrypt (the JDK buffers a GCM
 * decryption until its tag is checked); a chunk is released only once its own tag is good.
 */
final class ChunkedGcm {
  static final int CHUNK = 1 << 20;
  static final int PREFIX_BYTES = 7;
  private static final int TAG_BYTES = 16;

  private ChunkedGcm() {}

  static OutputStream encrypting(OutputStream out, SecretKey key, byte[] prefix, byte[] aad) {
    return new FilterOutputStream(out) {
      private final byte[] buffer = new byte[CHUNK];
      private int filled;
      private int counter;
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          if (filled == CHUNK) {
            seal(false);
          }
          int n = Math.min(len, CHUNK - filled);
          System.arraycopy(b, off, buffer, filled, n);
          filled += n;
          off += n;
          len -= n;
        }
      }

      private void seal(boolean last) throws IOException {
        out.write(crypt(Cipher.ENCRYPT_MODE, key, prefix, counter++, last, aad, buffer, filled));
        filled = 0;
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        seal(true);
        Arrays.fill(buffer, (byte) 0);
        out.flush();
      }
    };
  }

  static InputStream decrypting(InputStream in, SecretKey key, byte[] prefix, byte[] aad) {
    return new InputStream() {
      private final byte[] sealed = new byte[CHUNK + TAG_BYTES + 1];
      private int carried; // a byte of the next chunk, read to learn whether this one was last
      private byte[] plain = new byte[0];
      private int position;
      private int counter;
      private boolean done;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        while (position == plain.length) {
          if (done) {
            return -1;
          }
          openNext();
        }
        int n = Math.min(len, plain.length - position);
        System.arraycopy(plain, position, b, off, n);
        position += n;
        return n;
      }

      private void openNext() throws IOException {
        int length = carried;
        int wanted = CHUNK + TAG_BYTES + 1;
        while (length < wanted) {
          int n = in.read(sealed, length, wanted - length);
          if (n < 0) {
            break;
          }
          length += n;
        }
        boolean last = length < wanted;
        int chunkLength = last ? length : CHUNK + TAG_BYTES;
        if (chunkLength < TAG_BYTES) {
          throw new BackupException(
              "the encrypted data ends inside a chunk: the file is cut short");
        }
        plain = crypt(Cipher.DECRYPT_MODE, key, prefix, counter++, last, aad, sealed, chunkLength);
        position = 0;
        if (last) {
          done = true;
        } else {
          sealed[0] = sealed[chunkLength];
          carried = 1;
        }
      }
    };
  }

  private static byte[] crypt(
      int mode,
      SecretKey key,
      byte[] prefix,
      int counter,
      boolean last,
      byte[] aad,
      byte[] data,
      int length)
      throws IOException {
    byte[] nonce =
        ByteBuffer.allocate(12).put(prefix).putInt(counter).put((byte) (last ? 1 : 0)).array();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(data, 0, length);
    } catch (AEADBadTagException e) {
      throw new BackupException(
          "chunk "
              + counter
              + " of the encrypted data fails its authentication: the file was altered",
          e);
    } catch (GeneralSecurityException e) {
      throw new IOException("AES-GCM is not available in this Java runtime: " + e, e);
    }
  }
}

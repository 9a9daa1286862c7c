package jp.oqsgateway.gateway.http.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;

/**
 * What the gateway records beside a signing key ({@code es256-key.json}, or {@code KID.json} for a
 * retired key): the key's id, its algorithm, when it was created and, once rotated out, when it was
 * retired. The dates travel with the file's content, so a copy or a restore that changes the files'
 * modification times keeps them. Nothing secret: the id is the public key's fingerprint.
 *
 * @param retired when {@code oqsgw keys rotate} replaced the key; empty while it signs
 */
record KeyMetadata(String keyId, String algorithm, Instant created, Optional<Instant> retired) {

  /**
   * The metadata in {@code file}, or empty when there is none.
   *
   * @throws IllegalArgumentException when the file is there but not metadata
   */
  static Optional<KeyMetadata> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      String retired = json.getString("retired");
      return Optional.of(
          new KeyMetadata(
              required(json, "kid"),
              required(json, "algorithm"),
              Instant.parse(required(json, "created")),
              retired == null ? Optional.empty() : Optional.of(Instant.parse(retired))));
    } catch (DecodeException
        | ClassCastException
        | DateTimeParseException
        | IllegalArgumentException e) {
      throw new IllegalArgumentException(file.getFileName() + " is not key metadata");
    }
  }

  /** Writes it atomically, mode 0600. */
  void write(Path file) throws IOException {
    JsonObject json =
        new JsonObject()
            .put("kid", keyId)
            .put("algorithm", algorithm)
            .put("created", created.toString());
    retired.ifPresent(at -> json.put("retired", at.toString()));
    OwnerOnlyFiles.write(file, json.encodePrettily() + "\n");
  }

  KeyMetadata retiredAt(Instant at) {
    return new KeyMetadata(keyId, algorithm, created, Optional.of(at));
  }

  private static String required(JsonObject json, String name) {
    String value = json.getString(name);
    if (value == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return value;
  }
}

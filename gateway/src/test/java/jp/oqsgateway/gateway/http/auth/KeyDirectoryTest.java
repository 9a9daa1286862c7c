package jp.oqsgateway.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;
import jp.oqsgateway.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class KeyDirectoryTest {
  @TempDir Path dir;

  @Test
  void theKeyPairIsCreatedOnceWithThePrivateKeyReadableByItsOwnerOnly() throws Exception {
    Path keys = dir.resolve("var/keys");
    KeyDirectory.SigningKey first = new KeyDirectory(keys).loadOrCreate("ES256");
    String privatePem = Files.readString(KeyDirectory.privateFile(keys, "ES256"));

    KeyDirectory.SigningKey second = new KeyDirectory(keys).loadOrCreate("ES256");

    assertThat(second.keyId()).isEqualTo(first.keyId());
    assertThat(Files.readString(KeyDirectory.privateFile(keys, "ES256"))).isEqualTo(privatePem);
    assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(KeyDirectory.publicFile(keys, "ES256")))
        .startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(KeyDirectory.privateFile(keys, "ES256"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
        .isEqualTo("rwx------");
    assertThat(Files.getPosixFilePermissions(KeyDirectory.publicFile(keys, "ES256")))
        .isEqualTo(OwnerOnlyFiles.FILE);
    assertThat(Files.getPosixFilePermissions(keys.resolve(".lock"))).isEqualTo(OwnerOnlyFiles.FILE);
    try (var files = Files.list(keys)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              ".lock", "es256-private.pem", "es256-public.pem", "es256-key.json");
    }
  }

  @Test
  void aKeyFolderAndKeysLeftOpenToOthersAreNarrowedWhenTheKeyIsLoaded() throws Exception {
    Path keys = dir.resolve("keys");
    new KeyDirectory(keys).loadOrCreate("ES256");
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path privateFile = KeyDirectory.privateFile(keys, "ES256");
    Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-r--r--"));

    new KeyDirectory(keys).loadOrCreate("ES256");

    assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(OwnerOnlyFiles.DIR);
    assertThat(Files.getPosixFilePermissions(privateFile)).isEqualTo(OwnerOnlyFiles.FILE);
  }

  @Test
  void theSigningKeyNeverShowsInItsTextForm() {
    KeyDirectory.SigningKey key = new KeyDirectory(dir).loadOrCreate("ES256");

    assertThat(key.toString()).doesNotContain("PRIVATE").contains(key.keyId());
  }

  @Test
  void aPrivateKeyWithoutItsPublicKeyIsNamedInsteadOfBeingReplaced() throws Exception {
    new KeyDirectory(dir).loadOrCreate("ES256");
    Files.delete(KeyDirectory.publicFile(dir, "ES256"));

    assertThatThrownBy(() -> new KeyDirectory(dir).loadOrCreate("ES256"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.keys-dir: ")
        .hasMessageContaining("holds es256-private.pem without es256-public.pem");
    assertThat(KeyDirectory.privateFile(dir, "ES256")).exists();
  }

  @Test
  void aPublicKeyThatDoesNotBelongToThePrivateKeyIsRefused() throws Exception {
    new KeyDirectory(dir).loadOrCreate("ES256");
    Files.writeString(
        KeyDirectory.publicFile(dir, "ES256"),
        AuthFixtures.publicPem(AuthFixtures.newKeyPair("ES256")));

    assertThatThrownBy(() -> new KeyDirectory(dir).loadOrCreate("ES256"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not one pair");
  }

  @Test
  void aMissingOrUnusableTrustedKeyStopsTheStartNamingTheSetting(Vertx vertx) throws Exception {
    AuthConfig missing =
        AuthFixtures.withTrusted(AuthFixtures.config(dir), dir.resolve("nope.pem"));
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    AuthConfig unusable = AuthFixtures.withTrusted(AuthFixtures.config(dir), garbage);

    assertThatThrownBy(() -> TokenVerifier.create(vertx, missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.trusted-public-keys: ")
        .hasMessageContaining("nope.pem cannot be read");
    assertThatThrownBy(() -> TokenVerifier.create(vertx, unusable))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("garbage.pem is not a usable public key");
  }

  @Test
  void aShortHs256SecretIsRefused(Vertx vertx) throws Exception {
    Path secret = dir.resolve("hs256.secret");
    Files.writeString(secret, "too-short\n");

    assertThatThrownBy(
            () ->
                TokenVerifier.create(
                    vertx, AuthFixtures.withHs256(AuthFixtures.config(dir), secret)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.hs256-secret-file: ")
        .hasMessageContaining("at least 32 bytes");
  }
}

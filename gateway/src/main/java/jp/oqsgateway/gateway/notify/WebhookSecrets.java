package jp.oqsgateway.gateway.notify;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up step that goes with migration V21: opens (or creates) the webhook secret key and
 * seals every secret still stored in plain text. It is Java, not SQL, because the key is
 * deliberately not in the database. Idempotent: a start with nothing left in plain text changes
 * nothing.
 *
 * <p>Refuses to start, with one line, rather than guess when the key and the stored secrets do not
 * fit: sealed secrets but no key file (restore it from the backup of the keys; a new key would make
 * every subscription's deliveries fail), or a key that does not open them (a wrong file).
 */
public final class WebhookSecrets {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSecrets.class);

  private WebhookSecrets() {}

  /** Blocking (awaits the database): call it from the starting thread, never an event loop. */
  public static SecretBox prepare(WebhookStore store, Path keyFile) {
    var sample = store.anySealedSecret().await();
    if (!SecretBox.exists(keyFile) && sample.isPresent()) {
      throw new IllegalStateException(
          "webhook secrets in the database are encrypted, but their key "
              + keyFile
              + " (webhooks.secret-key-file) is missing: restore it from the backup of the"
              + " gateway's keys");
    }
    SecretBox box = SecretBox.openOrCreate(keyFile);
    sample.ifPresent(
        s -> {
          try {
            box.open(s.getKey(), s.getValue());
          } catch (DeliveryError.SecretUnreadable e) {
            throw new IllegalStateException(
                "the key "
                    + keyFile
                    + " (webhooks.secret-key-file) does not decrypt the webhook secrets in the"
                    + " database: it is not the key they were encrypted with");
          }
        });
    Map<UUID, String> plain = store.plaintextSecrets().await();
    for (Map.Entry<UUID, String> e : plain.entrySet()) {
      store.replaceSecret(e.getKey(), e.getValue(), box.seal(e.getKey(), e.getValue())).await();
    }
    if (!plain.isEmpty()) {
      LOG.atInfo()
          .addKeyValue("count", plain.size())
          .log("encrypted the webhook secrets that were stored in plain text");
    }
    return box;
  }
}

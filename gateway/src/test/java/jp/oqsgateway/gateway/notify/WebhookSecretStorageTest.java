package jp.oqsgateway.gateway.notify;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import jp.oqsgateway.gateway.bootstrap.DatabaseRoles;
import jp.oqsgateway.gateway.bootstrap.Migrations;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import jp.oqsgateway.gateway.testsupport.WebhookReceiver;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhook secrets at rest: sealed with a key outside the database, including the secrets an older
 * version stored in plain text, and a start refused rather than guessed when the key is gone.
 */
@ExtendWith(VertxExtension.class)
class WebhookSecretStorageTest {

  @Test
  void aSecretStoredInPlainTextBeforeV21IsEncryptedAtStartAndStillSignsItsWebhooks(Vertx vertx)
      throws Exception {
    DatabaseRoles.Split roles = TestDatabase.freshGatewayDatabase("webhook_secrets");
    PgEndpoint db = roles.owner();
    // The schema as version 17 left it, with a subscription whose secret is in plain text.
    Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration")
        .placeholders(java.util.Map.of(Migrations.APP_ROLE_PLACEHOLDER, DatabaseRoles.APP))
        .target("17")
        .load()
        .migrate();
    UUID id = UUID.randomUUID();
    String oldSecret = "whsec_stored_in_plain_text_before_v21_000000000";
    Path home = Files.createTempDirectory("oqsgw-home-");
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx)) {
      try (var conn =
          java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        var insert =
            conn.prepareStatement(
                "insert into webhook_subscription (id, url, event_types, secret, created_by)"
                    + " values (?, ?, '{job.progress}', ?, 'karte-old')");
        insert.setObject(1, id);
        insert.setString(2, receiver.url());
        insert.setString(3, oldSecret);
        insert.executeUpdate();
      }
      Map<String, String> settings =
          WebhookReceiver.allowedWith(
              Map.of(
                  "pg.url",
                  TestDatabase.url(roles.app()),
                  "pg.migration-url",
                  TestDatabase.url(db),
                  "outbox.poll-interval",
                  "50ms",
                  "agents.enabled",
                  "false"));
      InProcessGateway gw = InProcessGateway.startIn(home, "webhook_secrets", settings);
      try {
        String stored = secretOf(gw, id);
        assertThat(stored).startsWith("enc:v1:").doesNotContain(oldSecret);

        Event event = Event.of(EventType.JOB_PROGRESS, new JsonObject().put("jobId", "j"));
        gw.gateway().pool().withTransaction(tx -> new Outbox().append(tx, event)).await();
        String eventId = event.id().toString();
        await("the event at the receiver")
            .atMost(Duration.ofSeconds(10))
            .until(() -> !receiver.forEvent(eventId).isEmpty());
        var hook = receiver.forEvent(eventId).get(0);
        assertThat(
                WebhookSignature.verify(
                    oldSecret,
                    Long.parseLong(hook.timestamp()),
                    hook.body().getBytes(),
                    hook.signature()))
            .isTrue();

        Path key = home.resolve("var/keys/webhooks/secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
            .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
            .isEqualTo("rwx------");
        assertThat(Files.readString(key)).doesNotContain(oldSecret);
      } finally {
        gw.stopKeepingHome();
      }

      // Without its key the sealed secrets are useless: the start is refused, not re-keyed.
      Files.delete(home.resolve("var/keys/webhooks/secret.key"));
      assertThatThrownBy(() -> InProcessGateway.startIn(home, "webhook_secrets", settings))
          .hasMessageContaining("webhooks.secret-key-file")
          .hasMessageContaining("missing");
    } finally {
      TestDatabase.deleteQuietly(home);
    }
  }

  private static String secretOf(InProcessGateway gw, UUID id) {
    return gw.firstRow("select secret from webhook_subscription where id = $1", id)
        .getString("secret");
  }
}

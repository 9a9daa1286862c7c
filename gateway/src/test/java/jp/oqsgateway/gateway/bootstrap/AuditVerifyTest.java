package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.Superuser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code oqsgw audit verify} on audit rows written through the gateway: intact as written (also
 * under concurrent reads), and the first broken link named after someone with the database server's
 * superuser edits or deletes a row behind the gateway's back.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditVerifyTest {
  private static final String BASE = "/api/v1/home-visit-relationships";

  @RegisterExtension
  static final InProcessGateway gw = InProcessGateway.perClass("audit-verify", Map.of());

  private static String bearer;
  private static Superuser superuser;

  @BeforeAll
  static void start() {
    bearer = gw.bearer(Role.CHART);
    superuser = Superuser.on(gw);
  }

  @Test
  @Order(1)
  void theChainWrittenThroughTheGatewayIsIntactEvenUnderConcurrentReads() throws Exception {
    String id = createRelationship("CHAIN-1");
    createRelationship("CHAIN-2");
    List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
    IntStream.range(0, 24)
        .forEach(
            i ->
                reads.add(
                    gw.client()
                        .get(gw.apiPort(), "127.0.0.1", BASE + "/" + id)
                        .putHeader("Authorization", bearer)
                        .send()));
    Future.all(reads).await();
    reads.forEach(r -> assertThat(r.result().statusCode()).isEqualTo(200));

    assertThat(superuser.longs("select seq from audit_read order by seq"))
        .as("one chain, no fork: every row has its own number, with no gap")
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 26).mapToObj(Long::valueOf).toList());
    Verify v = verify();
    assertThat(v.code()).as(v.out()).isEqualTo(0);
    assertThat(v.out()).contains("audit chain intact: 26 rows");
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
    Verify ranged = verify("--from", today.minusDays(1).toString(), "--to", today.toString());
    assertThat(ranged.code()).as(ranged.out()).isEqualTo(0);
  }

  @Test
  @Order(2)
  void aRowEditedBySomeoneWithTheSuperuserIsNamed() throws Exception {
    long edited = superuser.longs("select id from audit_read where seq = 10").get(0);
    String original =
        superuser.strings("select subject from audit_read where id = " + edited).get(0);
    superuser.editAuditRow("id = " + edited, "subject", "someone-else");

    Verify v = verify();

    assertThat(v.code()).as(v.out()).isEqualTo(1);
    assertThat(v.out()).contains("BROKEN at row id " + edited + " (seq 10, ").contains("altered");

    // Put it back as it was: the chain is whole again.
    superuser.editAuditRow("id = " + edited, "subject", original);
    assertThat(verify().code()).isEqualTo(0);
  }

  @Test
  @Order(3)
  void aRowDeletedFromTheMiddleIsFound() throws Exception {
    long next = superuser.longs("select id from audit_read where seq = 16").get(0);
    superuser.execute(
        "alter table audit_read disable trigger audit_read_no_update_or_delete",
        "delete from audit_read where seq = 15",
        "alter table audit_read enable trigger audit_read_no_update_or_delete");

    Verify v = verify();

    assertThat(v.code()).as(v.out()).isEqualTo(1);
    assertThat(v.out())
        .contains("BROKEN at row id " + next + " (seq 16, ")
        .contains("rows are missing before it");
  }

  // ------------------------------------------------------------------ helpers

  private record Verify(int code, String out) {}

  private static Verify verify(String... range) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] args = new String[2 + range.length];
    args[0] = "audit";
    args[1] = "verify";
    System.arraycopy(range, 0, args, 2, range.length);
    int code =
        Main.run(
            args,
            Map.of(
                "OQSGW_HOME", gw.home().toString(),
                "OQSGW_PG_URL", gw.databaseUrl()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Verify(code, out.toString(StandardCharsets.UTF_8));
  }

  private static String createRelationship(String patient) {
    HttpResponse<Buffer> r =
        gw.client()
            .post(gw.apiPort(), "127.0.0.1", BASE)
            .putHeader("Authorization", bearer)
            .sendJsonObject(
                new JsonObject()
                    .put("chartPatientId", patient)
                    .put("careForm", "medical")
                    .put("firstVisitDate", LocalDate.now(ZoneId.of("Asia/Tokyo")).toString()))
            .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("id");
  }
}

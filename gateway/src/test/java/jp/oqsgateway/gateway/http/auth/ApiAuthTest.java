package jp.oqsgateway.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import jp.oqsgateway.gateway.auth.TokenRevocations;
import jp.oqsgateway.gateway.http.FailureHandler;
import jp.oqsgateway.gateway.http.Problems;
import jp.oqsgateway.gateway.http.RequestLogHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The guards on a tiny router, as a chart system sees them over HTTP. */
@ExtendWith(VertxExtension.class)
class ApiAuthTest {
  @TempDir Path dir;

  private Vertx vertx;
  private AuthConfig config;
  private TokenIssuer issuer;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    config = AuthFixtures.config(dir);
    issuer = TokenIssuer.create(vertx, config);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close().await();
    }
  }

  private void serve(ApiAuth auth) {
    Router router = Router.router(vertx);
    router.route().handler(new RequestLogHandler("api"));
    router
        .get("/api/chart")
        .handler(auth.requireRoles(Role.CHART))
        .handler(ApiAuthTest::echoCaller);
    router
        .get("/api/ward")
        .handler(auth.requireRoles(Role.CLINICIAN, Role.RECEPTION))
        .handler(ApiAuthTest::echoCaller);
    router.route().failureHandler(new FailureHandler());
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  private static void echoCaller(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonArray roles = new JsonArray();
    caller.roles().forEach(r -> roles.add(r.claimValue()));
    ctx.json(new JsonObject().put("subject", caller.subject()).put("roles", roles));
  }

  private HttpResponse<Buffer> get(String path, String authorization) {
    HttpRequest<Buffer> request = client.get(server.actualPort(), "127.0.0.1", path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.send().await();
  }

  private String token(Role... roles) {
    return issuer.mint("karte-01", EnumSet.copyOf(Set.of(roles)), Duration.ofHours(1)).token();
  }

  private static void assertProblem(HttpResponse<Buffer> r, int status, String detail) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("detail")).isEqualTo(detail);
    assertThat(body.getString("requestId")).isNotBlank();
  }

  @Test
  void aTokenWithTheRoleReachesTheOperationWhichSeesTheCaller() {
    serve(ApiAuth.of(TokenVerifier.create(vertx, config)));

    HttpResponse<Buffer> r = get("/api/chart", "Bearer " + token(Role.CHART));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("subject")).isEqualTo("karte-01");
    assertThat(r.bodyAsJsonObject().getJsonArray("roles").getList()).containsExactly("chart");
  }

  @Test
  void theSchemeIsCaseInsensitiveAndOneOfSeveralStatedRolesSuffices() {
    serve(ApiAuth.of(TokenVerifier.create(vertx, config)));

    assertThat(get("/api/ward", "bearer " + token(Role.RECEPTION)).statusCode()).isEqualTo(200);
  }

  @Test
  void adminPassesEveryGuard() {
    serve(ApiAuth.of(TokenVerifier.create(vertx, config)));
    String admin = "Bearer " + token(Role.ADMIN);

    assertThat(get("/api/chart", admin).statusCode()).isEqualTo(200);
    assertThat(get("/api/ward", admin).statusCode()).isEqualTo(200);
  }

  @Test
  void aValidTokenWithoutTheRoleIs403NamingTheRequiredRoles() {
    serve(ApiAuth.of(TokenVerifier.create(vertx, config)));
    String ops = token(Role.OPS);

    HttpResponse<Buffer> chart = get("/api/chart", "Bearer " + ops);
    HttpResponse<Buffer> ward = get("/api/ward", "Bearer " + ops);

    assertProblem(chart, 403, "role chart or admin required");
    assertThat(chart.bodyAsJsonObject().getString("type")).endsWith("/forbidden");
    assertThat(chart.getHeader("WWW-Authenticate")).isNull();
    assertProblem(ward, 403, "role reception, clinician or admin required");
  }

  @Test
  void noTokenIs401WithABearerChallenge() {
    serve(ApiAuth.of(TokenVerifier.create(vertx, config)));

    HttpResponse<Buffer> none = get("/api/chart", null);
    HttpResponse<Buffer> basic = get("/api/chart", "Basic a2FydGU6cGFzcw==");

    assertProblem(none, 401, "bearer token required (Authorization: Bearer <token>)");
    assertThat(none.bodyAsJsonObject().getString("type")).endsWith("/unauthorized");
    assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"oqs-gateway\"");
    assertProblem(basic, 401, "bearer token required (Authorization: Bearer <token>)");
  }

  @Test
  void anExpiredTokenIs401TokenExpiredAndTheAnswerNeverEchoesTheToken() {
    serve(ApiAuth.of(TokenVerifier.create(vertx, config)));
    String expired =
        TokenIssuer.create(vertx, config, Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)))
            .mint("karte-01", Set.of(Role.CHART), Duration.ofHours(1))
            .token();

    HttpResponse<Buffer> r = get("/api/chart", "Bearer " + expired);

    assertProblem(r, 401, "token expired");
    assertThat(r.getHeader("WWW-Authenticate"))
        .isEqualTo("Bearer realm=\"oqs-gateway\", error=\"invalid_token\"");
    assertThat(r.bodyAsString()).doesNotContain(expired).doesNotContain(expired.split("\\.")[2]);
  }

  @Test
  void aTamperedTokenIs401() {
    serve(ApiAuth.of(TokenVerifier.create(vertx, config)));
    String token = token(Role.CHART);
    String tampered =
        token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");

    assertProblem(get("/api/chart", "Bearer " + tampered), 401, "token signature not valid");
  }

  @Test
  void withAuthenticationOffEveryRequestPassesAsTheAnonymousCallerWithEveryRole() {
    serve(ApiAuth.load(vertx, AuthFixtures.disabled(config), TokenRevocations.NONE).await());

    HttpResponse<Buffer> r = get("/api/chart", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("subject")).isEqualTo("anonymous");
    assertThat(r.bodyAsJsonObject().getJsonArray("roles")).hasSize(Role.values().length);
  }

  @Test
  void loadBuildsCheckingGuardsFromTheConfiguration() {
    ApiAuth auth = ApiAuth.load(vertx, config, TokenRevocations.NONE).await();
    serve(auth);

    assertThat(auth.enabled()).isTrue();
    assertThat(get("/api/chart", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/chart", "Bearer " + token(Role.CHART)).statusCode()).isEqualTo(200);
  }

  @Test
  void theRuleNamesEveryAcceptedRoleWithAdminLast() {
    assertThat(ApiAuth.ruleFor(EnumSet.of(Role.CHART))).isEqualTo("role chart or admin required");
    assertThat(ApiAuth.ruleFor(EnumSet.of(Role.ADMIN))).isEqualTo("role admin required");
    assertThat(ApiAuth.ruleFor(EnumSet.of(Role.OPS, Role.CHART, Role.ADMIN)))
        .isEqualTo("role chart, ops or admin required");
  }

  @Test
  void onlyABearerValueIsTakenAsAToken() {
    assertThat(ApiAuth.bearerToken("Bearer abc")).isEqualTo("abc");
    assertThat(ApiAuth.bearerToken("  BEARER   abc ")).isEqualTo("abc");
    assertThat(ApiAuth.bearerToken("Bearer ")).isNull();
    assertThat(ApiAuth.bearerToken("Bearerabc")).isNull();
    assertThat(ApiAuth.bearerToken("Basic abc")).isNull();
    assertThat(ApiAuth.bearerToken(null)).isNull();
  }
}

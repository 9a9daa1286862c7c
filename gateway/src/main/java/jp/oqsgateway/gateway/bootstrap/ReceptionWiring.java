package jp.oqsgateway.gateway.bootstrap;

import io.vertx.sqlclient.Pool;
import java.util.List;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.http.ApiOperations;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.http.auth.SignInAttempts;
import jp.oqsgateway.gateway.http.auth.TokenIssuer;
import jp.oqsgateway.gateway.http.auth.TokenLifetimes;
import jp.oqsgateway.gateway.http.patients.ChartRecordHandlers;
import jp.oqsgateway.gateway.http.reception.ReceptionHandlers;
import jp.oqsgateway.gateway.http.reception.ReceptionSessionHandlers;
import jp.oqsgateway.gateway.qualification.CheckListings;
import jp.oqsgateway.gateway.reception.ChartRecords;
import jp.oqsgateway.gateway.reception.DeskCodes;
import jp.oqsgateway.gateway.reception.DeskEvents;

/** The reception desks' operations: sign-in, their reads, and the chart's stored record. */
final class ReceptionWiring {
  private ReceptionWiring() {}

  /** Blocking (the signing key is read, or created on first start). */
  static List<ApiOperations> operations(GatewayConfig config, Platform platform, Domain domain) {
    var reception = config.reception();
    TokenLifetimes lifetimes = config.auth().lifetimes();
    if (reception.sessionTtl().compareTo(lifetimes.of(Role.RECEPTION)) > 0) {
      throw new IllegalStateException(
          "reception.session-ttl is longer than auth.max-lifetime.reception allows: at most "
              + lifetimes.of(Role.RECEPTION).toHours()
              + "h");
    }
    Pool pool = platform.pool();
    TokenIssuer issuer = TokenIssuer.create(platform.vertx(), config.auth());
    return List.of(
        new ReceptionSessionHandlers(
                platform.vertx(),
                new DeskCodes(reception.deskCodesFile()),
                issuer,
                reception,
                new SignInAttempts(
                    ReceptionSessionHandlers.REFUSED_PER_MINUTE, platform.metrics().registry()))
            ::register,
        new ReceptionHandlers(
                new CheckListings(pool),
                new DeskEvents(pool),
                domain.cardStore(),
                domain.linkStore(),
                domain.audit())
            ::register,
        new ChartRecordHandlers(new ChartRecords(pool), domain.patients(), domain.audit())
            ::register);
  }
}

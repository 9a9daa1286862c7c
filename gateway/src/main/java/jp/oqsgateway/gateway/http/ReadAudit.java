package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.store.AuditStore;

/**
 * Records every read of qualification or consent data (who, with which roles, which patient or
 * check, why, when) before the data is sent: a read that cannot be recorded is not served.
 */
public final class ReadAudit {
  /** Why data was read: the operation that served it. */
  public enum Purpose {
    CHECK("check"),
    LATEST_QUALIFICATION("latest-qualification"),
    LINKS("links"),
    CANDIDATES("candidates"),
    DIFF("diff"),
    REFERENCE_REGISTRATION("reference-registration");

    private final String value;

    Purpose(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  private final AuditStore store;

  public ReadAudit(AuditStore store) {
    this.store = store;
  }

  public Future<Void> record(
      RoutingContext ctx,
      Purpose purpose,
      Optional<String> chartPatientId,
      Optional<UUID> checkId) {
    Caller caller = Caller.of(ctx);
    List<String> roles = caller.roles().stream().map(Role::claimValue).sorted().toList();
    return store.record(
        caller.subject(),
        roles,
        purpose.value(),
        chartPatientId,
        checkId,
        Optional.ofNullable(ctx.get(RequestLogHandler.REQUEST_ID_KEY)));
  }
}

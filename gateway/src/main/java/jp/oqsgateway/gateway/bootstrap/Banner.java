package jp.oqsgateway.gateway.bootstrap;

import java.io.PrintStream;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.http.HttpServerConfig;

/** The lines a person starting the gateway needs: where to point a browser, curl or Prometheus. */
final class Banner {
  private Banner() {}

  static void print(
      PrintStream out, GatewayConfig config, Gateway gateway, String version, long startMs) {
    String api = scheme(config.api()) + browsable(config.api().host()) + ":" + gateway.apiPort();
    String mgmt =
        scheme(config.management())
            + browsable(config.management().host())
            + ":"
            + gateway.managementPort();
    String db =
        gateway
            .database()
            .embedded()
            .map(e -> "embedded PostgreSQL, data in " + e.root())
            .orElse("external PostgreSQL at " + gateway.database().endpoint().host());
    String agents =
        gateway
            .agents()
            .map(
                a ->
                    "wss://"
                        + browsable(config.agents().host())
                        + ":"
                        + a.port()
                        + "/agent/eventbus/websocket"
                        + a.ca().map(ca -> "  (agents trust " + ca + ")").orElse(""))
            .orElse("off");
    out.printf(
        """

        OQS Gateway %s ready in %.1f s
          受付画面 (reception screen)  %s/reception.html  (desk codes: ./ops/oqsgw desk add DESK)
          運用画面 (operations screen) %s/ops.html  (an ops token: ./ops/oqsgw token --role ops)
          訪問計画 (home-visit planner) %s/planner.html  (a clinician token: ./ops/oqsgw token --role clinician)
          API                          %s/api/v1/  (contracts: /openapi.yaml, /asyncapi.yaml)
          Live events                  %s/api/v1/events/ws  (docs/LIVE.md)
          Health                       %s/health/ready
          Metrics                      %s/metrics
          Database                     %s
          Exchange folders             %s
          Reader agents                %s
        Press Ctrl-C to stop.

        """,
        version,
        startMs / 1000.0,
        api,
        api,
        api,
        api,
        api.replaceFirst("^http", "ws"),
        mgmt,
        mgmt,
        db,
        config.exchange().root(),
        agents);
    out.flush();
  }

  private static String scheme(HttpServerConfig server) {
    return server.tls().isPresent() ? "https://" : "http://";
  }

  private static String browsable(String host) {
    return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
  }
}

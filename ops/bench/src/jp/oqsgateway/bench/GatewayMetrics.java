package jp.oqsgateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The gateway's Prometheus page, read once at the end of a run. */
final class GatewayMetrics {
  private GatewayMetrics() {}

  /**
   * The gateway's own view: its delivery-lag timer (occurredAt → written to the socket; p50 and p99
   * as the upper bounds of their histogram buckets) and its other oqsgw_live_* lines as they are.
   */
  static JsonObject live(String url) {
    JsonObject out = new JsonObject();
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      List<double[]> buckets = new ArrayList<>();
      JsonArray other = new JsonArray();
      double count = 0;
      double sum = 0;
      double max = 0;
      for (String l : r.body().lines().filter(l -> l.startsWith("oqsgw_live_")).toList()) {
        double value = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
        if (l.startsWith("oqsgw_live_delivery_lag_seconds_bucket{le=\"") && !l.contains("+Inf")) {
          int from = l.indexOf("le=\"") + 4;
          buckets.add(new double[] {Double.parseDouble(l.substring(from, l.indexOf('"', from))), value});
        } else if (l.startsWith("oqsgw_live_delivery_lag_seconds_count")) {
          count = value;
        } else if (l.startsWith("oqsgw_live_delivery_lag_seconds_sum")) {
          sum = value;
        } else if (l.startsWith("oqsgw_live_delivery_lag_seconds_max")) {
          max = value;
        } else {
          other.add(l);
        }
      }
      out.put("deliveryLag", new JsonObject()
          .put("what", "the gateway's oqsgw_live_delivery_lag_seconds: occurredAt → written to the socket")
          .put("count", (long) count)
          .put("meanMs", count == 0 ? 0 : Math.round(sum / count * 10_000) / 10.0)
          .put("p50AtMostMs", atMost(buckets, count * 0.50))
          .put("p99AtMostMs", atMost(buckets, count * 0.99))
          .put("maxMs", Math.round(max * 10_000) / 10.0));
      return out.put("other", other);
    } catch (Exception e) {
      return out.put("unavailable", String.valueOf(e.getMessage()));
    }
  }

  /** The upper bound of the bucket holding that rank, or "> last bound" when beyond the buckets. */
  private static Object atMost(List<double[]> buckets, double rank) {
    for (double[] b : buckets) {
      if (b[1] >= rank) {
        return Math.round(b[0] * 10_000) / 10.0;
      }
    }
    return buckets.isEmpty() ? null : "> " + Math.round(buckets.get(buckets.size() - 1)[0] * 1000);
  }

}

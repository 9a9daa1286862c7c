package jp.oqsgateway.gateway.jobs;

import io.vertx.core.json.JsonObject;

/**
 * One item of a job as a kind plans it.
 *
 * @param key a bounded key such as a chart patient id (an internal id: kept out of logs and metric
 *     labels all the same)
 * @param payload what the kind needs to process the item
 */
public record ItemDraft(String key, JsonObject payload) {
  /** Longest key a job item may have. */
  public static final int MAX_KEY_LENGTH = 100;

  public ItemDraft {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("an item key has 1 to " + MAX_KEY_LENGTH + " characters");
    }
    payload = payload == null ? new JsonObject() : payload;
  }
}

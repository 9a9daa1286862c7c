package jp.oqsgateway.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log event, one line each: time, level, logger, thread, message, the request
 * id, and only the key-value fields named in {@link LogFields#ALLOWED}. MDC, markers and other
 * fields are never written, so no header, token or patient data can slip in by a new field name.
 */
public final class AllowListJsonLayout extends LayoutBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int MAX_FRAMES = 30;

  @Override
  public String doLayout(ILoggingEvent event) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("msg", event.getFormattedMessage());
      String requestId = LogFields.requestId(event);
      if (requestId != null) {
        json.writeStringField("requestId", requestId);
      }
      writeFields(json, event.getKeyValuePairs());
      if (event.getThrowableProxy() != null) {
        json.writeFieldName("error");
        writeError(json, event.getThrowableProxy());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append(System.lineSeparator()).toString();
  }

  private static void writeFields(JsonGenerator json, List<KeyValuePair> pairs) throws IOException {
    if (pairs == null) {
      return;
    }
    int dropped = 0;
    for (KeyValuePair kv : pairs) {
      if (LogFields.REQUEST_ID.equals(kv.key)) {
        continue; // written once, above
      }
      if (!LogFields.ALLOWED.contains(kv.key)) {
        dropped++;
        continue;
      }
      Object v = kv.value;
      if (v instanceof Number n) {
        json.writeFieldName(kv.key);
        json.writeNumber(n.toString());
      } else if (v instanceof Boolean b) {
        json.writeBooleanField(kv.key, b);
      } else {
        json.writeStringField(kv.key, String.valueOf(v));
      }
    }
    if (dropped > 0) {
      json.writeNumberField("droppedFields", dropped);
    }
  }

  private static void writeError(JsonGenerator json, IThrowableProxy error) throws IOException {
    json.writeStartObject();
    json.writeStringField("class", error.getClassName());
    json.writeStringField("message", error.getMessage());
    json.writeArrayFieldStart("stack");
    StackTraceElementProxy[] frames = error.getStackTraceElementProxyArray();
    for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
      json.writeString(frames[i].getStackTraceElement().toString());
    }
    json.writeEndArray();
    if (error.getCause() != null && error.getCause() != error) {
      json.writeFieldName("cause");
      writeError(json, error.getCause());
    }
    json.writeEndObject();
  }
}

package jp.oqsgateway.gateway.logging;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * This JVM's process id for {@code logback-test.xml}, so each test JVM logs to a file of its own.
 */
public final class ProcessIdProperty extends PropertyDefinerBase {
  @Override
  public String getPropertyValue() {
    return Long.toString(ProcessHandle.current().pid());
  }
}

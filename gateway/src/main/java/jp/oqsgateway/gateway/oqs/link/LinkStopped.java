package jp.oqsgateway.gateway.oqs.link;

/** The link was stopped: what was asked of it resumes at the next start. */
public final class LinkStopped extends IllegalStateException {
  LinkStopped(String message) {
    super(message);
  }
}

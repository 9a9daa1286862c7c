package jp.oqsgateway.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final byte[] BODY =
      "{\"id\":\"e1\",\"type\":\"check.answered\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void theSignatureIsTheHexHmacSha256OfTimestampDotBody() {
    // openssl: printf '1700000000.{"id":"e1","type":"check.answered"}' | openssl dgst -sha256 -hmac
    // whsec_test
    assertThat(WebhookSignature.sign("whsec_test", 1_700_000_000L, BODY))
        .isEqualTo("sha256=2cdf116130da0ae5627308960c98376afda5a9141d6d9433316996eb9d479680");
    assertThat(
            WebhookSignature.verify(
                "whsec_test",
                1_700_000_000L,
                BODY,
                WebhookSignature.sign("whsec_test", 1_700_000_000L, BODY)))
        .isTrue();
  }

  @Test
  void anotherSecretTimestampOrBodyDoesNotVerify() {
    String sig = WebhookSignature.sign("whsec_test", 1_700_000_000L, BODY);
    assertThat(WebhookSignature.verify("whsec_other", 1_700_000_000L, BODY, sig)).isFalse();
    assertThat(WebhookSignature.verify("whsec_test", 1_700_000_001L, BODY, sig)).isFalse();
    assertThat(
            WebhookSignature.verify(
                "whsec_test", 1_700_000_000L, "{}".getBytes(StandardCharsets.UTF_8), sig))
        .isFalse();
    assertThat(WebhookSignature.verify("whsec_test", 1_700_000_000L, BODY, null)).isFalse();
  }

  @Test
  void everySecretIsNew() {
    assertThat(WebhookSignature.newSecret()).isNotEqualTo(WebhookSignature.newSecret());
  }
}

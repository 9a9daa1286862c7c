package jp.oqsgateway.gateway.webui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.oqsgateway.gateway.testsupport.Browser;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The staff pages in real headless Chromium under the gateway's strict CSP: the menu leads to 受付,
 * 運用 and システム状態, and the status page still shows the gateway's state.
 */
class StaffMenuBrowserIT {
  @RegisterExtension
  static final InProcessGateway gw = InProcessGateway.perClass("webui_menu", Map.of());

  private static Browser browser;

  @BeforeAll
  static void open() {
    browser = Browser.open();
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + gw.apiPort() + path;
  }

  @Test
  void theMenuLeadsToTheStatusPageWhichStillShowsTheGatewaysStateWithNothingRefusedByTheCsp() {
    browser.go(url("/"));
    assertThat(browser.all(".menu a"))
        .extracting(e -> e.getText().split("\n")[0])
        .containsExactly("受付", "運用", "訪問計画", "システム状態");
    browser.screenshot("menu");

    browser.find(".menu a[href='status.html']").click();
    String overall =
        browser.await(
            "the status page's verdict",
            15,
            d -> {
              String t = browser.find("#overall").getText();
              return t.equals("確認中…") ? null : t;
            });
    assertThat(overall).isIn("正常に稼働しています", "要確認: 利用できない項目があります");
    assertThat(browser.all("#checks tbody tr")).isNotEmpty();
    browser.screenshot("status");
    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  void theReceptionScreenAsksForTheDeskAndItsCodeBeforeShowingAnything() {
    browser.go(url("/reception.html"));
    browser.visible("#signin-form", 10);
    assertThat(browser.find("#deskview").isDisplayed()).isFalse();
    assertThat(browser.find("#code").getAttribute("type")).isEqualTo("password");
    browser.screenshot("reception-signin");
    assertThat(browser.severeLogs()).isEmpty();
  }
}

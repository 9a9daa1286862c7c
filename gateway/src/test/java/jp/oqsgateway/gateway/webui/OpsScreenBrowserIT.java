package jp.oqsgateway.gateway.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.FaultRule;
import jp.oqsgateway.gateway.oqs.simulator.FaultType;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.Browser;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.DemoCard;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The 運用 screen in real headless Chromium against a gateway talking to the simulated terminal, with
 * the demo's virtual card on its control channel: the operator signs in with a pasted ops token,
 * sees the link and an exchange whose outcome is unknown, retries it with two presses, follows a
 * job's progress bar live, and drives the virtual card with the demo's buttons.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsScreenBrowserIT {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  private static DemoCard demo;
  private static InProcessGateway gw;
  private static TerminalSimulator terminal;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    demo = DemoCard.start();
    gw =
        InProcessGateway.withSimulatedTerminal(
            "webui_ops",
            Map.of(
                "oqs.link.timeout", "10s",
                "qualification.stale-fallback", "false",
                "demo.virtual-card-control", demo.controlSetting()));
    terminal = gw.startTerminal(PEOPLE);
    browser = Browser.open();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (terminal != null) {
      terminal.stop();
    }
    if (gw != null) {
      gw.close();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  @Order(1)
  void
      anOperatorSignsInWithAPastedTokenSeesTheLinkAndRetriesAnOutcomeUnknownExchangeWithTwoPresses() {
    ChartApi chart = ChartApi.of(gw);
    HttpResponse<Buffer> answered =
        chart.postCheck("?wait=20", CheckBodies.forPerson(PEOPLE.first("family")));
    assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(201);
    terminal.faults().add(FaultRule.next("OQSsiquc01", 1, FaultType.NO_ANSWER));
    HttpResponse<Buffer> timedOut =
        chart.postCheck("?wait=30", CheckBodies.forPerson(PEOPLE.first("family")));
    assertThat(timedOut.statusCode()).as(timedOut.bodyAsString()).isEqualTo(504);

    browser.go("http://127.0.0.1:" + gw.apiPort() + "/ops.html");
    browser.visible("#signin-form", 10);
    browser.find("#token").sendKeys("not-a-token");
    browser.find("#signin-form button[type=submit]").click();
    assertThat(browser.visible("#signin-msg", 10).getText()).isEqualTo("トークンが無効です。");

    browser.find("#token").sendKeys(gw.token(Role.OPS));
    browser.find("#signin-form button[type=submit]").click();
    browser.visible("#opsview", 10);
    assertThat(browser.visible("#link-state", 10).getText()).isEqualTo("正常に連携しています");
    WebElement retry = browser.visible("#exchanges button.retry", 15);
    WebElement row = retry.findElement(By.xpath("./ancestor::tr"));
    assertThat(row.getText()).contains("SIQUC01").contains("結果不明");
    assertThat(browser.find("#failures").getText()).contains("OUTCOME_UNKNOWN");
    browser.await(
        "the live feed",
        15,
        d -> browser.find("#conn").getText().equals("リアルタイム表示中") ? true : null);
    browser.screenshot("ops-overview");

    retry.click();
    assertThat(retry.getText()).isEqualTo("本当に再送する");
    retry.click();
    assertThat(browser.visible("#ex-msg", 15).getText()).startsWith("再送しました");
    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  @Order(2)
  void aRunningJobsProgressBarFollowsItsEventsLive() {
    for (int done : new int[] {3, 7}) {
      new Outbox()
          .appendAlone(
              gw.gateway().pool(),
              Event.of(
                  EventType.JOB_PROGRESS,
                  new JsonObject()
                      .put("jobId", "homevisit-import-1")
                      .put("kind", "訪問診療の同意済資格の取り込み")
                      .put("done", done)
                      .put("total", 10)))
          .await();
    }
    WebElement bar =
        browser.await(
            "the progress bar at 70 %",
            15,
            d ->
                d.findElements(By.cssSelector("#jobs li progress")).stream()
                    .filter(p -> "70".equals(p.getAttribute("value")))
                    .findFirst()
                    .orElse(null));
    assertThat(bar.findElement(By.xpath("..")).getText()).contains("7 / 10");
    browser.screenshot("ops-job-progress");
  }

  @Test
  @Order(3)
  void theDemosButtonsInsertAndRemoveTheVirtualCard() {
    browser.visible("#demo", 10);
    browser.find("#demo-insert").click();
    assertThat(browser.visible("#demo-msg", 10).getText()).isEqualTo("カードを置きました");
    assertThat(demo.card().status().inserted()).isTrue();
    browser.find("#demo-remove").click();
    browser.await(
        "removed",
        10,
        d -> browser.find("#demo-msg").getText().equals("カードを取り出しました") ? true : null);
    assertThat(demo.card().status().inserted()).isFalse();
  }
}

package dev.synscope.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.TcpState;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NOC page in a real headless Chromium against a running pipeline: the CLOSE_WAIT pile stands
 * out in the endpoint table, an anomaly produced after the page loaded appears in the live feed
 * (SSE) and the chart, clicking it shows its connection. Screenshot: target/noc-page.png.
 */
@ExtendWith(KafkaBrokerExtension.class)
class NocPageIT {

    static final Path SCREENSHOT = Path.of("target", "noc-page.png");

    @Test
    void anAnomalyAppearsLiveAndItsConnectionOpensOnClick(TestKafka kafka) throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.available(), "skipped: " + HeadlessChromium.CHROMIUM + " or "
                + HeadlessChromium.CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver, see"
                + " deploy/install-deps.sh)");
        long now = Instant.now().getEpochSecond() * 1_000_000L;
        try (QueryCluster cluster = new QueryCluster(kafka, 1)) {
            for (int i = 0; i < 9; i++) {
                TcpState resp = i < 6 ? TcpState.CLOSE_WAIT : TcpState.ESTABLISHED;
                cluster.putConnection(QueryCluster.connection("C-noc-" + i, "192.0.2." + (20 + i), 41000 + i,
                        "198.51.100.10", 80, i < 6 ? TcpState.FIN_WAIT_2 : TcpState.ESTABLISHED, resp,
                        now - 600_000_000L));
            }
            cluster.putConnection(QueryCluster.connection("C-noc-syn", "203.0.113.7", 42000, "198.51.100.20", 443,
                    TcpState.SYN_SENT, TcpState.SYN_RECEIVED, now - 20_000_000L));
            QueryCluster.await("connections in the store", Duration.ofSeconds(60),
                    () -> QueryCluster.json(cluster.get(0, "/connections?limit=1")).path("total").asInt() == 10);

            try (HeadlessChromium browser = new HeadlessChromium()) {
                browser.open("http://127.0.0.1:" + cluster.servers.get(0).port() + "/");
                QueryCluster.await("the page's event stream connected", Duration.ofSeconds(30),
                        () -> cluster.servers.get(0).streamClients() >= 1);
                QueryCluster.await("the CLOSE_WAIT pile highlighted", Duration.ofSeconds(30), () -> !browser.find(
                        "tr[data-endpoint='198.51.100.10:80'] td.pile.hot[data-state='CLOSE_WAIT']").isEmpty());
                assertThat(browser.text(browser.find(
                        "tr[data-endpoint='198.51.100.10:80'] td[data-state='CLOSE_WAIT']").get(0))).isEqualTo("6");
                assertThat(browser.find("tr[data-endpoint='198.51.100.20:443'] td.pile[data-state='SYN_RECEIVED']"))
                        .hasSize(1);

                // produced after the page loaded: it can only arrive through the live stream
                cluster.putAnomaly(QueryCluster.anomaly("noc-cw-1", AnomalyType.CLOSE_WAIT_STUCK, "C-noc-0",
                        "192.0.2.20", 41000, "198.51.100.10", 80, now));
                cluster.putAnomaly(QueryCluster.anomaly("noc-refused-1", AnomalyType.CONNECTION_REFUSED, null,
                        "192.0.2.99", 43000, "198.51.100.10", 81, now + 1));
                QueryCluster.await("the anomalies in the feed", Duration.ofSeconds(30),
                        () -> browser.find("#feed li").size() == 2);
                List<String> stuck = browser.find("#feed li[data-type='CLOSE_WAIT_STUCK']");
                assertThat(browser.text(stuck.get(0))).contains("CLOSE_WAIT_STUCK", "192.0.2.20:41000",
                        "198.51.100.10:80", "never calls close()");
                assertThat(browser.find("#legend li[data-type='CONNECTION_REFUSED']")).hasSize(1);
                assertThat(browser.find("#chart rect[data-type='CLOSE_WAIT_STUCK']")).hasSize(1);

                browser.click(stuck.get(0));
                QueryCluster.await("the connection's detail", Duration.ofSeconds(30), () -> {
                    List<String> detail = browser.find("#detail dl");
                    return !detail.isEmpty() && browser.text(detail.get(0)).contains("ShADad");
                });
                String detail = browser.text(browser.find("#detail dl").get(0));
                assertThat(detail).contains("192.0.2.20:41000-198.51.100.10:80", "CLOSE_WAIT since", "C-noc-0");
                browser.screenshot(SCREENSHOT);
            }
        }
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
}

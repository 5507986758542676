package dev.synscope.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.probe.capture.CaptureFiles;
import dev.synscope.probe.capture.FrameHandler;
import dev.synscope.probe.capture.FrameSource;
import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.probe.decode.HeaderDecoder;
import dev.synscope.probe.metrics.ProbeMetricsServer;
import dev.synscope.probe.publish.HeaderPublisher;
import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The probe's /health and /metrics against a running probe: a real capture file (the live path
 * needs root and a netns, see LiveProbeIT) read by the same capture loop and published to a real
 * broker. The source holds the end of the file until the test releases it, so the probe is
 * deterministically "running" while the first scrape happens.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ProbeMetricsServerIT {

    private static final String FILE = "ipv4-frag.pcap";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesHealthAndCountersAndTurnsUnhealthyWhenTheProbeStops(TestKafka kafka) throws Exception {
        String headers = kafka.uniqueTopic("headers");
        String stats = kafka.uniqueTopic("stats");
        kafka.createTopic(headers, 2, Map.of());
        kafka.createTopic(stats, 1, Map.of("cleanup.policy", "compact"));
        Path file = Path.of(ProbeMetricsServerIT.class.getResource("/captures/" + FILE).toURI());
        Expected expected = Expected.decode(file);
        assertThat(expected.skipped).as("the capture exercises skip reasons").isNotEmpty();

        ProbeConfig config = ProbeConfig.files(kafka.bootstrapServers(), List.of(file)).withTopics(headers, stats)
                .withProbeId("metrics-it");
        HeldAtEnd source = new HeldAtEnd(CaptureFiles.open(file));
        HeaderPublisher publisher = new HeaderPublisher(config.publishSettings(), "metrics-it", source.name());
        CaptureLoop loop = new CaptureLoop(source, publisher, "metrics-it", true, 0, config.heartbeatInterval(),
                config.statsInterval());
        LiveProbe probe = new LiveProbe("metrics-it", source, source::release, publisher, loop, config.closeTimeout());
        try (ProbeMetricsServer server = ProbeMetricsServer.start(probe,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThat(source.exhausted.await(10, TimeUnit.SECONDS)).as("the probe read the whole file").isTrue();

            HttpResponse<String> health = get(server, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"UP\"").contains("\"probeId\":\"metrics-it\"");
            HttpResponse<String> running = get(server, "/metrics");
            assertThat(running.statusCode()).isEqualTo(200);
            assertThat(running.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
            Map<String, Double> m = samples(running.body());
            assertThat(m).containsEntry("synscope_probe_packets_seen_total{probe=\"metrics-it\"}",
                            (double) expected.seen)
                    .containsEntry("synscope_probe_packets_decoded_total{probe=\"metrics-it\"}",
                            (double) expected.decoded)
                    .containsEntry("synscope_probe_up{probe=\"metrics-it\"}", 1.0);
            expected.skipped.forEach((reason, n) -> assertThat(m).containsEntry(
                    "synscope_probe_packets_skipped_total{probe=\"metrics-it\",reason=\"" + reason + "\"}",
                    (double) n));

            source.release();
            probe.ended().get(10, TimeUnit.SECONDS);
            probe.close();

            HttpResponse<String> down = get(server, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).startsWith("{\"status\":\"DOWN\"");
            Map<String, Double> after = samples(get(server, "/metrics").body());
            assertThat(after)
                    .containsEntry("synscope_probe_up{probe=\"metrics-it\"}", 0.0)
                    .containsEntry("synscope_probe_packets_seen_total{probe=\"metrics-it\"}", (double) expected.seen)
                    .containsEntry("synscope_probe_records_sent_total{probe=\"metrics-it\"}", (double) expected.decoded)
                    .containsEntry("synscope_probe_send_errors_total{probe=\"metrics-it\"}", 0.0)
                    .containsEntry("synscope_probe_buffer_dropped_packets_total{probe=\"metrics-it\"}", 0.0)
                    .containsEntry("synscope_probe_buffer_dropped_bytes_total{probe=\"metrics-it\"}", 0.0)
                    .containsEntry("synscope_probe_buffer_records{probe=\"metrics-it\"}", 0.0)
                    .containsEntry("synscope_probe_buffer_fill_ratio{probe=\"metrics-it\"}", 0.0)
                    .containsEntry("synscope_probe_kernel_received_total{probe=\"metrics-it\"}", 0.0)
                    .containsEntry("synscope_probe_kernel_dropped_total{probe=\"metrics-it\"}", 0.0)
                    .containsEntry("synscope_probe_kernel_ifdropped_total{probe=\"metrics-it\"}", 0.0);
            assertThat(probe.summary().recordsPublished()).isEqualTo(expected.decoded);

            assertThat(get(server, "/nothing").statusCode()).isEqualTo(404);
        } finally {
            probe.close();
        }
    }

    private HttpResponse<String> get(ProbeMetricsServer server, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Prometheus text format: "name{labels} value" lines, comments skipped. */
    private static Map<String, Double> samples(String body) {
        Map<String, Double> out = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    /** What the decoder makes of the file on its own: the numbers the metrics must show. */
    private record Expected(long seen, long decoded, Map<String, Long> skipped) {
        static Expected decode(Path file) throws IOException {
            HeaderDecoder decoder = new HeaderDecoder();
            DecodedHeader h = new DecodedHeader();
            long[] seen = {0};
            try (FrameSource source = CaptureFiles.open(file)) {
                while (source.deliver((lt, data, off, cap, wire, ts) -> {
                    seen[0]++;
                    decoder.decode(lt, data, off, cap, ts, h);
                }, 4096) >= 0) {
                    // until the end of the file
                }
            }
            return new Expected(seen[0], decoder.counters().decodedCount(), decoder.counters().snapshot());
        }
    }

    /** A capture file that, at its end, waits for {@link #release()} before reporting the end. */
    private static final class HeldAtEnd implements FrameSource {
        private final FrameSource file;
        private final CountDownLatch exhausted = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        HeldAtEnd(FrameSource file) {
            this.file = file;
        }

        void release() {
            released.countDown();
        }

        @Override
        public int deliver(FrameHandler handler, int maxFrames) throws IOException {
            int n = file.deliver(handler, maxFrames);
            if (n < 0) {
                exhausted.countDown();
                try {
                    if (!released.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("test never released the end of the file");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            return n;
        }

        @Override
        public String name() {
            return file.name();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}

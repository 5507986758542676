package dev.synscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.testing.kafka.KafkaBrokerExtension;
import dev.synscope.testing.kafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's done-means: {@code synscope analyze} on a synthetic healthy capture of a busy service (every
 * handshake completing within milliseconds, thousands a second, hundreds in flight at once, CLOSE_WAIT
 * passed through briefly) reports 0 anomalies and every connection. The issue's run is 300,000 connections
 * ({@code -Dhealthy.connections=300000}: ~2.9M packets, a 204 MB pcap; analyze took 101 s and 243 s on 2
 * cores shared with other builds); CI runs 50,000 by default (~50 s).
 */
@ExtendWith(KafkaBrokerExtension.class)
class HealthyCaptureAnalyzeIT {

    @Test
    void aHealthyBusyCaptureHasNoAnomalyAndEveryConnection(TestKafka kafka, @TempDir Path dir) throws Exception {
        int connections = Integer.getInteger("healthy.connections", 50_000);
        int rate = Integer.getInteger("healthy.rate", 20_000);
        Path pcap = dir.resolve("healthy-" + connections + ".pcap");
        long t = System.nanoTime();
        HealthyCapture capture = new HealthyCapture();
        long packets = capture.write(pcap, connections, rate, 13);
        System.out.printf("healthy capture: %,d connections at %,d/s, %,d packets, %,d bytes, written in %.1f s; at most "
                        + "%d handshakes incomplete and %d server CLOSE_WAITs at once on :443%n", connections, rate,
                packets, Files.size(pcap), (System.nanoTime() - t) / 1e9, capture.peakIncomplete, capture.peakCloseWait);
        // what the old at-once rules counted (50 incomplete handshakes, 5 CLOSE_WAITs) is there
        assertThat(capture.peakIncomplete).isGreaterThanOrEqualTo(50);
        assertThat(capture.peakCloseWait).isGreaterThanOrEqualTo(5);
        Path connLog = dir.resolve("conn.log");
        Path anomalies = dir.resolve("anomalies.jsonl");
        long start = System.nanoTime();
        int exit = SynScope.execute("analyze", pcap.toString(), "--bootstrap", kafka.bootstrapServers(),
                "--conn-log", connLog.toString(), "--anomalies", anomalies.toString(), "--timeout", "PT20M");
        double took = (System.nanoTime() - start) / 1e9;
        assertThat(exit).isZero();
        List<String> rows = Files.readAllLines(connLog).stream().filter(l -> !l.startsWith("#")).toList();
        List<String> raised = Files.readAllLines(anomalies).stream().filter(l -> !l.isBlank()).toList();
        Map<String, Long> byState = rows.stream().map(l -> l.split("\t")[11])
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        System.out.printf("analyze healthy capture: %,d connections (conn_state %s), %d anomalies, %.1f s%n",
                rows.size(), byState, raised.size(), took);
        assertThat(raised).as("anomalies of a healthy capture").isEmpty();
        assertThat(rows).hasSize(connections);
        assertThat(byState).containsOnlyKeys("SF");
    }
}

package dev.synscope.probe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.HeaderRecordEncoder;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Kafka unreachable: the producer points at a loopback port where nothing listens. A live probe's
 * bounded buffer fills and every further packet is dropped and counted exactly; a file replay
 * blocks instead of dropping.
 */
class HeaderPublisherOutageTest {

    private static final Map<String, String> FAST_FAIL = Map.of(
            "max.block.ms", "200", "reconnect.backoff.ms", "50", "reconnect.backoff.max.ms", "200");

    @Test
    void liveCaptureDropsExactlyWhatDoesNotFitAndAccountsForIt() throws Exception {
        PublishSettings settings = PublishSettings.defaults("127.0.0.1:" + deadPort(), true)
                .withProducerOverrides(FAST_FAIL).withBuffer(1 << 20, 100);
        HeaderPublisher publisher = new HeaderPublisher(settings, "outage", "eth0");
        DecodedHeader h = header();
        long expectedDroppedBytes = 0;
        for (int i = 0; i < 1000; i++) {
            h.tsMicros = 1_000_000L + i;
            h.ipLength = 40 + i;
            boolean accepted = publisher.publish(h);
            assertThat(accepted).as("packet %d", i).isEqualTo(i < 100);
            if (i >= 100) {
                expectedDroppedBytes += 40 + i;
            }
        }
        assertThat(publisher.drops()).isEqualTo(new BufferDrops(900, expectedDroppedBytes, 1_000_100L, 1_000_999L));
        assertThat(publisher.pendingRecords()).isEqualTo(100);
        assertThat(publisher.bufferHighWater()).isEqualTo(100);

        publisher.close(Duration.ofMillis(300));
        // nothing vanished: what was not dropped is counted as a send error at shutdown
        assertThat(publisher.acknowledged()).isZero();
        assertThat(publisher.sendErrors()).isEqualTo(100);
        assertThat(publisher.offered())
                .isEqualTo(publisher.acknowledged() + publisher.sendErrors() + publisher.drops().packets());
    }

    @Test
    void byteBoundAlsoLimitsTheBuffer() throws Exception {
        PublishSettings settings = PublishSettings.defaults("127.0.0.1:" + deadPort(), true)
                .withProducerOverrides(FAST_FAIL).withBuffer(10_000, 1_000_000);
        HeaderPublisher publisher = new HeaderPublisher(settings, "outage", "eth0");
        DecodedHeader h = header();
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (publisher.publish(h)) {
                accepted++;
            }
        }
        int recordBytes = new HeaderRecordEncoder("outage", "eth0", false).value(h).length
                + new HeaderRecordEncoder("outage", "eth0", false).key(h).length + SendBuffer.RECORD_OVERHEAD;
        assertThat(accepted).isEqualTo(10_000 / recordBytes);
        assertThat(publisher.drops().packets()).isEqualTo(1000 - accepted);
        publisher.close(Duration.ofMillis(300));
        assertThat(publisher.offered())
                .isEqualTo(publisher.acknowledged() + publisher.sendErrors() + publisher.drops().packets());
    }

    @Test
    void fileReplayBlocksInsteadOfDropping() throws Exception {
        PublishSettings settings = PublishSettings.defaults("127.0.0.1:" + deadPort(), false)
                .withProducerOverrides(FAST_FAIL).withBuffer(1 << 20, 10);
        HeaderPublisher publisher = new HeaderPublisher(settings, "outage", "file.pcap");
        AtomicInteger accepted = new AtomicInteger();
        Thread reader = new Thread(() -> {
            DecodedHeader h = header();
            try {
                for (int i = 0; i < 11; i++) {
                    if (publisher.publish(h)) {
                        accepted.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "file-reader");
        reader.start();
        // the 11th publish must park the reader while 10 records wait for Kafka
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(accepted.get() == 10 && isWaiting(reader)) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(accepted.get()).isEqualTo(10);
        assertThat(isWaiting(reader)).as("reader blocked by back-pressure").isTrue();
        assertThat(publisher.drops().packets()).isZero();

        publisher.close(Duration.ofMillis(300));
        reader.join(10_000);
        assertThat(reader.isAlive()).isFalse();
        // closing refused the blocked 11th record: counted, never silently lost
        assertThat(publisher.offered()).isEqualTo(11);
        assertThat(publisher.sendErrors() + publisher.drops().packets()).isEqualTo(11);
    }

    private static boolean isWaiting(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    static DecodedHeader header() {
        DecodedHeader h = new DecodedHeader();
        h.kind = ObservationKind.TCP;
        h.ipVersion = 4;
        h.addrLength = 4;
        h.srcAddr[0] = (byte) 192;
        h.srcAddr[2] = 2;
        h.srcAddr[3] = 1;
        h.dstAddr[0] = (byte) 198;
        h.dstAddr[1] = 51;
        h.dstAddr[2] = 100;
        h.dstAddr[3] = 1;
        h.srcPort = 40000;
        h.dstPort = 443;
        h.flags = DecodedHeader.ACK;
        h.ipId = -1;
        h.vlan = -1;
        h.mss = -1;
        h.windowScale = -1;
        h.tsVal = -1;
        h.tsEcr = -1;
        h.ipLength = 52;
        return h;
    }

    /** A loopback port that was free a moment ago: nothing listens there. */
    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Conversations.handshake;
import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.endOfCapture;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.HeaderObservation;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.metrics.PipelineMetrics;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The topology counts what it does itself: records in, dead letters by reason (no test bumps a counter). */
class PipelineMetricsTopologyTest {

    @Test
    void recordsAndDeadLettersAreCountedByTheStepsThatHandleThem() {
        try (TopologyHarness h = new TopologyHarness(Thresholds.forFileAnalysis())) {
            h.send(handshake(T0, 40000, 80).toArray(HeaderObservation[]::new)); // 3 packets
            HeaderObservation badAddress = syn(T0 + seconds(1), 40001, 80);
            badAddress.setSrcAddr(ByteBuffer.wrap(new byte[7]));
            h.sendRaw(null, new byte[] {1, 2, 3}, T0 / 1000);                    // undecodable
            h.sendRaw(h.key(syn(T0, 40001, 80)), h.value(badAddress), T0 / 1000); // invalid
            h.send(endOfCapture(T0 + seconds(2)));

            assertThat(h.deadLetters).hasSize(2);
            assertThat(h.metric(PipelineMetrics.RECORDS_PROCESSED, null)).isEqualTo(6.0);
            assertThat(h.metric(PipelineMetrics.DEAD_LETTERED, "undecodable")).isEqualTo(1.0);
            assertThat(h.metric(PipelineMetrics.DEAD_LETTERED, "invalid")).isEqualTo(1.0);
            assertThat(h.metric(PipelineMetrics.DEAD_LETTERED, "clock")).isZero();
        }
    }
}

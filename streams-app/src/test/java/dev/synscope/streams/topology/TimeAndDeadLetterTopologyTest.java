package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.heartbeat;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.config.Thresholds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stream time from heartbeats, the wall-clock rule for silent partitions, and the dead-letter queue. */
class TimeAndDeadLetterTopologyTest {

    @Test
    void heartbeatsMoveStreamTimeWithoutCreatingConnections() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40000, 80));
            h.send(heartbeat(T0 + seconds(2)), heartbeat(T0 + seconds(4)));
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).isEmpty();
            h.send(heartbeat(T0 + seconds(6)));
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).hasSize(1);
            assertThat(h.rows).allSatisfy(r -> assertThat(r.getOrigPort()).isEqualTo(40000));
        }
    }

    @Test
    void silentPartitionAdvancesByWallClockWhenTheRuleIsOn() {
        Thresholds t = TopologyHarness.thresholds().withWallClockIdleAdvance(Duration.ofSeconds(30));
        try (TopologyHarness h = new TopologyHarness(t)) {
            h.send(syn(T0, 40000, 80));
            h.advanceWallClock(Duration.ofSeconds(20));
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).isEmpty();
            h.advanceWallClock(Duration.ofSeconds(20));
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).hasSize(1);
        }
    }

    @Test
    void wallClockRuleOffLeavesEventTimeAlone() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40000, 80));
            h.advanceWallClock(Duration.ofMinutes(10));
            assertThat(h.events).isEmpty();
        }
    }

    @Test
    void undecodableRecordGoesToTheDlqAndProcessingContinues() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.sendRaw(new byte[] {1, 2}, new byte[] {(byte) 0xC3, 0x01, 9, 9, 9}, T0 / 1000);
            h.send(syn(T0, 40000, 80), heartbeat(T0 + seconds(6)));
            assertThat(h.deadLetters).singleElement().satisfies(d -> {
                assertThat(d.getReason()).startsWith("undecodable HeaderObservation");
                assertThat(d.getTopic()).isEqualTo(h.topics.headers());
                assertThat(d.getOffset()).isEqualTo(0L);
                assertThat(d.getValue()).isNotNull();
            });
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).hasSize(1);
        }
    }

    @Test
    void aPortAbove65535IsImpossible() {
        // (port 0 is on the wire and kept: ForeignTrafficTopologyTest)
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(Packets.c2s(T0, 65536, 80, Packets.SYN, 1, 0, 0));
            assertThat(h.deadLetters).singleElement().satisfies(d ->
                    assertThat(d.getReason()).contains("impossible: port"));
            assertThat(h.rows).isEmpty();
        }
    }

    @Test
    void wrongAddressLengthIsImpossible() {
        try (TopologyHarness h = new TopologyHarness()) {
            HeaderObservation bad = HeaderObservation.newBuilder(syn(T0, 40000, 80))
                    .setSrcAddr(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3})).build();
            byte[] key = SynScopeSerdes.CONNECTION_KEY.serialize(null, CanonicalKeys.of(syn(T0, 40000, 80)));
            h.sendRaw(key, SynScopeSerdes.HEADER_OBSERVATION.serialize(null, bad), T0 / 1000);
            assertThat(h.deadLetters).singleElement().satisfies(d ->
                    assertThat(d.getReason()).contains("address of 3/4 bytes"));
        }
    }

    @Test
    void keyOfAnotherConnectionIsImpossible() {
        try (TopologyHarness h = new TopologyHarness()) {
            byte[] otherKey = SynScopeSerdes.CONNECTION_KEY.serialize(null, CanonicalKeys.of(syn(T0, 40001, 80)));
            h.sendRaw(otherKey, SynScopeSerdes.HEADER_OBSERVATION.serialize(null, syn(T0, 40000, 80)), T0 / 1000);
            // both directions of a connection carry the same canonical key: the answer is accepted
            byte[] key = SynScopeSerdes.CONNECTION_KEY.serialize(null, CanonicalKeys.of(syn(T0, 40000, 80)));
            h.sendRaw(key, SynScopeSerdes.HEADER_OBSERVATION.serialize(null,
                    Conversations.synAck(T0 + 1_000, 40000, 80)), T0 / 1000);
            assertThat(h.deadLetters).singleElement().satisfies(d ->
                    assertThat(d.getReason()).contains("is not the packet's tuple"));
            assertThat(h.rows).isNotEmpty();
        }
    }

    @Test
    void timeFarFromTheStreamIsImpossibleAndDoesNotMoveStreamTime() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40000, 80));
            h.send(syn(T0 + seconds(2 * 86_400), 40001, 80));
            assertThat(h.deadLetters).singleElement().satisfies(d ->
                    assertThat(d.getReason()).contains("impossible: capture time"));
            // the bogus clock did not expire the first connection
            assertThat(h.events).isEmpty();
            assertThat(h.stored(syn(T0, 40000, 80))).isNotNull();
        }
    }
}

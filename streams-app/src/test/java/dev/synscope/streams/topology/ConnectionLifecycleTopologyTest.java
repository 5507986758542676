package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Conversations.all;
import static dev.synscope.streams.topology.Conversations.clientCloses;
import static dev.synscope.streams.topology.Conversations.exchange;
import static dev.synscope.streams.topology.Conversations.handshake;
import static dev.synscope.streams.topology.Conversations.serverCloses;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.heartbeat;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.EndpointStats;
import dev.synscope.schema.TcpState;
import dev.synscope.streams.config.Thresholds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A connection's life through the topology: table rows, TIME_WAIT, conn-log, tombstones, end of capture. */
class ConnectionLifecycleTopologyTest {

    @Test
    void normalCloseStaysInTimeWaitThenIsFinalizedWithATombstone() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 38608, 80), exchange(T0 + 10_000, 38608, 80),
                    clientCloses(T0 + 20_000, 38608, 80), serverCloses(T0 + 30_000, 38608, 80)));

            ConnectionState row = h.stored(Conversations.syn(T0, 38608, 80));
            assertThat(row.getOrigState()).isEqualTo(TcpState.TIME_WAIT);
            assertThat(row.getRespState()).isEqualTo(TcpState.CLOSED);
            assertThat(row.getOrigBytes()).isEqualTo(77);
            assertThat(row.getRespBytes()).isEqualTo(230);
            assertThat(h.logs).isEmpty();
            assertThat(h.rows).isNotEmpty();
            assertThat(h.rows.get(h.rows.size() - 1).getOrigState()).isEqualTo(TcpState.TIME_WAIT);

            // 2*MSL later (stream time moved by a heartbeat) the row is gone and the conn-log has it
            h.send(heartbeat(T0 + 30_000 + seconds(61)));
            assertThat(h.stored(Conversations.syn(T0, 38608, 80))).isNull();
            assertThat(h.tombstones).hasSize(1);
            assertThat(h.logs).hasSize(1);
            ConnLogRecord log = h.logs.get(0);
            assertThat(log.getConnState()).isEqualTo("SF");
            assertThat(log.getEndReason()).isEqualTo(EndReason.FIN);
            assertThat(log.getOrigBytes()).isEqualTo(77L);
            assertThat(log.getRespBytes()).isEqualTo(230L);
            assertThat(log.getInterim()).isFalse();
            assertThat(h.events).isEmpty(); // TIME_WAIT never alarms
        }
    }

    @Test
    void timeWaitIsNotFinalizedBeforeTwoMsl() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 38608, 80), clientCloses(T0 + 20_000, 38608, 80),
                    serverCloses(T0 + 30_000, 38608, 80)));
            h.send(heartbeat(T0 + seconds(50)));
            assertThat(h.stored(Conversations.syn(T0, 38608, 80))).isNotNull();
            assertThat(h.logs).isEmpty();
        }
    }

    @Test
    void inactivityExpiresAnEstablishedConnectionWithTimeout() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 38608, 80), exchange(T0 + 10_000, 38608, 80)));
            h.send(heartbeat(T0 + seconds(200)));
            assertThat(h.logs).isEmpty();
            h.send(heartbeat(T0 + seconds(301)));
            assertThat(h.logs).singleElement().satisfies(log -> {
                assertThat(log.getEndReason()).isEqualTo(EndReason.TIMEOUT);
                assertThat(log.getConnState()).isEqualTo("S1");
            });
            assertThat(h.tombstones).hasSize(1);
        }
    }

    @Test
    void endOfCaptureFinalizesEveryConnection() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 38608, 80), exchange(T0 + 10_000, 38608, 80),
                    handshake(T0 + 50_000, 38610, 80)));
            h.send(Packets.endOfCapture(T0 + seconds(1)));
            assertThat(h.logs).hasSize(2).allSatisfy(log ->
                    assertThat(log.getEndReason()).isEqualTo(EndReason.CAPTURE_END));
            assertThat(h.tombstones).hasSize(2);
            assertThat(h.stored(Conversations.syn(T0, 38608, 80))).isNull();
        }
    }

    @Test
    void longConnectionGetsInterimRecordsMarkedInterim() {
        Thresholds t = TopologyHarness.thresholds().withWallClockIdleAdvance(Duration.ZERO)
                .withInterimInterval(Duration.ofMinutes(1));
        try (TopologyHarness h = new TopologyHarness(t)) {
            h.send(all(handshake(T0, 38608, 80), exchange(T0 + 10_000, 38608, 80)));
            h.send(all(exchange(T0 + seconds(50), 38608, 80)));
            h.send(heartbeat(T0 + seconds(61)));
            assertThat(h.logs).singleElement().satisfies(log -> {
                assertThat(log.getInterim()).isTrue();
                assertThat(log.getEndReason()).isEqualTo(EndReason.INTERIM);
            });
            assertThat(h.stored(Conversations.syn(T0, 38608, 80))).isNotNull();
            h.send(heartbeat(T0 + seconds(70)));
            assertThat(h.logs).hasSize(1); // one per interval
        }
    }

    @Test
    void endpointStatsCountConnectionsByState() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 38608, 80), handshake(T0 + 10_000, 38610, 80),
                    clientCloses(T0 + 20_000, 38610, 80)));
            EndpointStats service = h.endpoint("198.51.100.10:80");
            assertThat(service.getStateCounts()).containsEntry("ESTABLISHED", 1L).containsEntry("CLOSE_WAIT", 1L);
            EndpointStats client = h.endpoint("192.0.2.10");
            assertThat(client.getStateCounts()).containsEntry("ESTABLISHED", 1L).containsEntry("FIN_WAIT_2", 1L);
            assertThat(h.endpoint("198.51.100.10").getPort()).isNull();
        }
    }

    @Test
    void rowsAreRateLimitedButEveryStateChangeIsPublished() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 38608, 80)));
            int afterHandshake = h.rows.size();
            // many data packets within one second of event time and no state change: no new rows
            for (int i = 0; i < 20; i++) {
                h.send(Packets.c2s(T0 + 3_000 + i * 1_000, 38608, 80, Packets.ACK | Packets.PSH,
                        Conversations.CISN + 1 + i * 10L, Conversations.SISN + 1, 10));
            }
            assertThat(h.rows.size() - afterHandshake).isLessThanOrEqualTo(2);
            assertThat(h.rows.stream().map(ConnectionState::getRespState)).contains(TcpState.SYN_RECEIVED,
                    TcpState.ESTABLISHED);
        }
    }
}

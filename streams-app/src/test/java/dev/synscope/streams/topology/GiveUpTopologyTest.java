package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Conversations.CISN;
import static dev.synscope.streams.topology.Conversations.SISN;
import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Conversations.synAck;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.heartbeat;
import static dev.synscope.streams.topology.Packets.icmp;
import static dev.synscope.streams.topology.Packets.icmpQuotingSynAck;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.TcpState;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.metrics.PipelineMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 through the real topology: an endpoint whose SYN (SYN+ACK) retransmissions stop has given
 * up, as the kernel has (its socket is gone): CLOSED, and the attempt finalized as Zeek writes it,
 * with CONNECT_TIMEOUT and HALF_OPEN raised when they are today. Defaults: initial RTO 1 s, margin 1.5.
 */
class GiveUpTopologyTest {

    @Test
    void anApplicationThatGivesUpOnConnectIsClosedWhenTheNextRetransmissionDoesNotCome() {
        try (TopologyHarness h = new TopologyHarness()) {
            // Linux 6.5+ (tcp_syn_linear_timeouts = 4): SYN at 0, retransmitted at 1, 2, 3; curl gives up at 4 s
            h.send(syn(T0, 40000, 80), syn(T0 + seconds(1), 40000, 80), syn(T0 + seconds(2), 40000, 80),
                    syn(T0 + seconds(3), 40000, 80));
            h.send(heartbeat(T0 + seconds(5.5)));
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).singleElement()
                    .satisfies(a -> assertThat(a.getTsMicros()).isEqualTo(T0 + seconds(5))); // as before
            assertThat(h.stored(syn(T0, 40000, 80)).getOrigState()).isEqualTo(TcpState.SYN_SENT);
            assertThat(h.logs).isEmpty();
            // the next SYN was due within 2 x 1 s of the last: none by 3 + 2 x 1.5 = 6 s
            h.send(heartbeat(T0 + seconds(6.5)));
            assertThat(h.stored(syn(T0, 40000, 80))).isNull();
            assertThat(h.tombstones).hasSize(1); // the row is gone from the table
            assertThat(h.logs).singleElement().satisfies(log -> {
                assertThat(log.getConnState()).isEqualTo("S0");
                assertThat(log.getHistory()).isEqualTo("S");
                assertThat(log.getEndReason()).isEqualTo(EndReason.TIMEOUT);
                assertThat(log.getOrigFinalState()).isEqualTo(TcpState.CLOSED);
                assertThat(log.getOrigPkts()).isEqualTo(4);
                assertThat(log.getDurationMicros()).isEqualTo(seconds(3));
            });
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).hasSize(1);
        }
    }

    @Test
    void aLoneSynIsClosedAfterTheInitialRtoTimesTheMarginAndStillTimesOutAtTheSynTimeout() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40000, 80));
            h.send(heartbeat(T0 + seconds(1.4)));
            assertThat(h.stored(syn(T0, 40000, 80)).getOrigState()).isEqualTo(TcpState.SYN_SENT);
            h.send(heartbeat(T0 + seconds(2.5))); // (the sweep runs once per second of event time)
            assertThat(h.stored(syn(T0, 40000, 80))).satisfies(s -> {
                assertThat(s.getOrigState()).isEqualTo(TcpState.CLOSED);
                assertThat(s.getOrigStateSinceMicros()).isEqualTo(T0 + seconds(1.5));
            });
            assertThat(h.rows.get(h.rows.size() - 1).getOrigState()).isEqualTo(TcpState.CLOSED); // published
            assertThat(h.logs).isEmpty();
            // CONNECT_TIMEOUT as before, at the SYN timeout after the SYN; then the record
            h.send(heartbeat(T0 + seconds(5.5)));
            AnomalyEvent a = h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT).get(0);
            assertThat(a.getTsMicros()).isEqualTo(T0 + seconds(5));
            assertThat(a.getEvidence()).anySatisfy(e -> assertThat(e.getDescription()).contains("after 5000 ms"));
            assertThat(h.logs).singleElement().satisfies(log -> {
                assertThat(log.getConnState()).isEqualTo("S0");
                assertThat(log.getEndReason()).isEqualTo(EndReason.TIMEOUT);
            });
        }
    }

    @Test
    void anExponentialBackoffIsFollowedToItsEnd() {
        try (TopologyHarness h = new TopologyHarness()) {
            long[] at = {0, 1, 3, 7, 15, 31};
            for (long s : at) {
                h.send(syn(T0 + seconds(s), 40000, 80));
                // just before the next retransmission, still SYN_SENT
                h.send(heartbeat(T0 + seconds(2 * s + 1) - 1));
                assertThat(h.stored(syn(T0, 40000, 80)).getOrigState()).as("after the SYN at %d s", s)
                        .isEqualTo(TcpState.SYN_SENT);
            }
            // tcp_syn_retries = 6 would send one more at 63 s; an app that gave up sends none: 31 + 1.5 x 32 = 79 s
            h.send(heartbeat(T0 + seconds(78.9)));
            assertThat(h.stored(syn(T0, 40000, 80))).isNotNull();
            h.send(heartbeat(T0 + seconds(80)));
            assertThat(h.stored(syn(T0, 40000, 80))).isNull();
            assertThat(h.logs).singleElement().satisfies(log -> assertThat(log.getConnState()).isEqualTo("S0"));
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).hasSize(1);
        }
    }

    @Test
    void aRetransmissionAfterTheInferredGiveUpTakesTheAttemptBack() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40000, 80), heartbeat(T0 + seconds(2)));
            assertThat(h.stored(syn(T0, 40000, 80)).getOrigState()).isEqualTo(TcpState.CLOSED);
            String uid = h.stored(syn(T0, 40000, 80)).getUid();
            // an old stack (initial RTO 3 s): its first retransmission comes after the give-up
            h.send(syn(T0 + seconds(3), 40000, 80), heartbeat(T0 + seconds(4)));
            assertThat(h.stored(syn(T0, 40000, 80))).satisfies(s -> {
                assertThat(s.getUid()).isEqualTo(uid);
                assertThat(s.getOrigState()).isEqualTo(TcpState.SYN_SENT);
            });
            // learned: the next is due within 2 x 3 s
            h.send(heartbeat(T0 + seconds(11.9)));
            assertThat(h.stored(syn(T0, 40000, 80)).getOrigState()).isEqualTo(TcpState.SYN_SENT);
            h.send(heartbeat(T0 + seconds(13))); // none by 3 + 1.5 x 6 = 12 s: given up, and finalized
            assertThat(h.logs).singleElement().satisfies(log -> {
                assertThat(log.getUid().toString()).isEqualTo(uid);
                assertThat(log.getOrigPkts()).isEqualTo(2);
            });
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).hasSize(1);
        }
    }

    @Test
    void aLateFinalAckAfterTheInferredGiveUpCompletesTheHandshakeAsUsual() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40000, 80), synAck(T0 + 1_000, 40000, 80), heartbeat(T0 + seconds(1.6)));
            assertThat(h.stored(syn(T0, 40000, 80)).getOrigState()).isEqualTo(TcpState.CLOSED);
            // the originator had the SYN+ACK after all: its ACK (a slow path) takes it back, then ESTABLISHED
            h.send(Packets.c2s(T0 + seconds(2), 40000, 80, Packets.ACK, CISN + 1, SISN + 1, 0));
            assertThat(h.stored(syn(T0, 40000, 80))).satisfies(s -> {
                assertThat(s.getOrigState()).isEqualTo(TcpState.ESTABLISHED);
                assertThat(s.getRespState()).isEqualTo(TcpState.ESTABLISHED);
            });
            h.send(heartbeat(T0 + seconds(30)));
            assertThat(h.stored(syn(T0, 40000, 80))).isNotNull();
            assertThat(h.logs).isEmpty();
        }
    }

    @Test
    void aHalfOpenServerThatStopsRetransmittingItsSynAckIsClosedAfterItsHalfOpen() {
        try (TopologyHarness h = new TopologyHarness()) {
            // the client's SYN once, the server's SYN+ACK at 0 and its timer retransmissions at 1, 3, 7 s
            h.send(syn(T0, 40003, 80), synAck(T0 + 1_000, 40003, 80), synAck(T0 + seconds(1), 40003, 80),
                    synAck(T0 + seconds(3), 40003, 80), synAck(T0 + seconds(7), 40003, 80));
            h.send(heartbeat(T0 + seconds(11)));
            assertThat(h.stored(syn(T0, 40003, 80))).satisfies(s -> {
                assertThat(s.getOrigState()).isEqualTo(TcpState.CLOSED);       // its SYN was not retransmitted
                assertThat(s.getRespState()).isEqualTo(TcpState.SYN_RECEIVED); // still retransmitting
            });
            assertThat(h.anomaliesOf(AnomalyType.HALF_OPEN)).singleElement()
                    .satisfies(a -> assertThat(a.getTsMicros()).isEqualTo(T0 + 1_000 + seconds(10)));
            // next SYN+ACK due within (7 s since the first) + 4 s; none by 7 + 1.5 x 11 = 23.5 s
            h.send(heartbeat(T0 + seconds(23.4)));
            assertThat(h.stored(syn(T0, 40003, 80))).isNotNull();
            h.send(heartbeat(T0 + seconds(24.5)));
            assertThat(h.stored(syn(T0, 40003, 80))).isNull();
            assertThat(h.logs).singleElement().satisfies(log -> {
                assertThat(log.getEndReason()).isEqualTo(EndReason.TIMEOUT);
                assertThat(log.getRespFinalState()).isEqualTo(TcpState.CLOSED);
                assertThat(log.getOrigFinalState()).isEqualTo(TcpState.CLOSED);
            });
            assertThat(h.anomaliesOf(AnomalyType.HALF_OPEN)).hasSize(1);
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).isEmpty();
        }
    }

    @Test
    void anIcmpErrorTheKernelAbortsTheHandshakeOnClosesTheSideAtOnce() {
        try (TopologyHarness h = new TopologyHarness()) {
            // host unreachable from a router, quoting the client's SYN: Linux aborts the SYN_SENT socket
            h.send(syn(T0, 40000, 80), syn(T0 + seconds(1), 40000, 80),
                    icmp(T0 + seconds(1.1), 40000, 80, CISN, 3, 1, "198.51.100.1"));
            assertThat(h.stored(syn(T0, 40000, 80)).getOrigState()).isEqualTo(TcpState.CLOSED);
            assertThat(h.anomaliesOf(AnomalyType.HOST_UNREACHABLE)).hasSize(1);
            h.send(heartbeat(T0 + seconds(5.5)));
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).hasSize(1); // raised as before
            assertThat(h.logs).singleElement().satisfies(log -> assertThat(log.getConnState()).isEqualTo("S0"));

            // fragmentation needed does not abort a handshake
            h.send(syn(T0 + seconds(10), 40001, 80),
                    icmp(T0 + seconds(10.1), 40001, 80, CISN, 3, 4, "198.51.100.1"));
            assertThat(h.stored(syn(T0, 40001, 80)).getOrigState()).isEqualTo(TcpState.SYN_SENT);

            // host unreachable quoting the server's SYN+ACK (the way back is broken): the request is dropped
            h.send(syn(T0 + seconds(20), 40002, 80), synAck(T0 + seconds(20.001), 40002, 80),
                    icmpQuotingSynAck(T0 + seconds(23), 40002, 80, SISN, CISN + 1, 3, 1, "192.0.2.1"));
            assertThat(h.stored(syn(T0, 40002, 80))).satisfies(s -> {
                assertThat(s.getRespState()).isEqualTo(TcpState.CLOSED);
                assertThat(s.getOrigState()).isEqualTo(TcpState.CLOSED); // its lone SYN gave up at 21.5 s
            });
        }
    }

    @Test
    void anAttemptWhoseSidesGaveUpIsStillEmbryonicForTheEarlyDrop() {
        Thresholds two = TopologyHarness.thresholds().toBuilder().wallClockIdleAdvance(Duration.ZERO)
                .maxConnectionsPerTask(2).build();
        try (TopologyHarness h = new TopologyHarness(two)) {
            // a spoofed-SYN flood's rows: one SYN, one SYN+ACK each, both sides given up at 1.5 s, held for HALF_OPEN
            h.send(syn(T0, 40000, 80), synAck(T0 + 1_000, 40000, 80), syn(T0 + 2_000, 40001, 80),
                    synAck(T0 + 3_000, 40001, 80), heartbeat(T0 + seconds(2)));
            assertThat(h.stored(syn(T0, 40000, 80)).getRespState()).isEqualTo(TcpState.CLOSED);
            h.send(syn(T0 + seconds(2.5), 40002, 80));
            assertThat(h.metric(PipelineMetrics.CONNECTIONS_EVICTED, null)).isEqualTo(1.0);
            assertThat(h.metric(PipelineMetrics.CONNECTIONS_REFUSED_AT_LIMIT, null)).isZero();
            assertThat(h.stored(syn(T0, 40002, 80))).isNotNull();
        }
    }

    @Test
    void aMarginOfZeroTurnsTheInferenceOff() {
        Thresholds off = TopologyHarness.thresholds().toBuilder().wallClockIdleAdvance(Duration.ZERO).giveUpMargin(0)
                .build();
        try (TopologyHarness h = new TopologyHarness(off)) {
            h.send(syn(T0, 40000, 80), heartbeat(T0 + seconds(60)));
            assertThat(h.stored(syn(T0, 40000, 80)).getOrigState()).isEqualTo(TcpState.SYN_SENT);
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).hasSize(1);
        }
    }

    @Test
    void aSpoofedFloodWhoseSynsAreNeverRetransmittedIsStillOneSynFlood() {
        // hping3-style: each source sends one SYN and never again, so every originator is inferred to have given
        // up at 1.5 s, before its handshake is 2 s old (synFloodMinAge); the abandoned handshakes still count
        try (TopologyHarness h = new TopologyHarness()) {
            for (int i = 0; i < 120; i++) {
                h.send(Packets.tcp(T0 + i * 500L, "203.0.113." + (i % 250 + 1), 2000 + i, Packets.SERVER, 443,
                        Packets.SYN, 7000L * i, 0, 0, 1024, 50));
            }
            for (int s = 1; s <= 10; s++) {
                h.send(heartbeat(T0 + seconds(s))); // the probe's heartbeat, once a second
            }
            assertThat(h.events).filteredOn(e -> e.getType() == AnomalyType.SYN_FLOOD).singleElement()
                    .satisfies(e -> {
                        assertThat(e.getRespP()).isEqualTo(443);
                        assertThat(e.getCount()).isEqualTo(50);
                    });
        }
    }
}

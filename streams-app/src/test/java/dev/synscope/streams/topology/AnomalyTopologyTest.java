package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Conversations.CISN;
import static dev.synscope.streams.topology.Conversations.SISN;
import static dev.synscope.streams.topology.Conversations.all;
import static dev.synscope.streams.topology.Conversations.clientCloses;
import static dev.synscope.streams.topology.Conversations.exchange;
import static dev.synscope.streams.topology.Conversations.handshake;
import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Conversations.synAck;
import static dev.synscope.streams.topology.Packets.ACK;
import static dev.synscope.streams.topology.Packets.PSH;
import static dev.synscope.streams.topology.Packets.RST;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.c2s;
import static dev.synscope.streams.topology.Packets.heartbeat;
import static dev.synscope.streams.topology.Packets.s2c;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.Severity;
import dev.synscope.streams.anomaly.PacketEventDetector;
import dev.synscope.streams.config.Thresholds;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.synscope.streams.anomaly.AnomalyCatalog;
import org.junit.jupiter.api.Test;

/** Every anomaly type of docs/tcp-semantics.md through the real topology. */
class AnomalyTopologyTest {

    @Test
    void unansweredSynIsAConnectTimeoutRaisedOnceWithRetransmissionCount() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40000, 80), syn(T0 + seconds(1), 40000, 80), syn(T0 + seconds(3), 40000, 80));
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).isEmpty();
            h.send(heartbeat(T0 + seconds(5.5)));
            AnomalyEvent a = single(h, AnomalyType.CONNECT_TIMEOUT);
            assertThat(a.getTsMicros()).isEqualTo(T0 + seconds(5));
            assertThat(a.getEvidence()).anySatisfy(e -> assertThat(e.getDescription())
                    .contains("retransmitted 2 times"));
            assertThat(a.getSeverity()).isEqualTo(Severity.MAJOR);
            assertThat(a.getLikelyCause()).contains("firewall");
            assertThat(a.getEventId()).isEqualTo(a.getUid() + "-CONNECT_TIMEOUT");
            // later retransmissions and heartbeats do not raise it again
            h.send(syn(T0 + seconds(7), 40000, 80), heartbeat(T0 + seconds(20)), heartbeat(T0 + seconds(40)));
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).hasSize(1);
            // the attempt ends by inactivity as S0, in one record
            h.send(heartbeat(T0 + seconds(7 + 301)));
            assertThat(h.logs).singleElement().satisfies(log -> assertThat(log.getConnState()).isEqualTo("S0"));
        }
    }

    @Test
    void rstAnsweringSynIsRefusedAtOnceAndRejWhenTheCloseLingerEnds() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40001, 81), Conversations.rstAnsweringSyn(T0 + 500, 40001, 81));
            AnomalyEvent a = single(h, AnomalyType.CONNECTION_REFUSED);
            assertThat(a.getRespP()).isEqualTo(81);
            assertThat(a.getVantageProbe()).isEqualTo("probe-a");
            assertThat(h.logs).as("Zeek's tcp_reset_delay: the row waits for trailing packets").isEmpty();
            h.send(heartbeat(T0 + seconds(6)));
            assertThat(h.logs).singleElement().satisfies(log -> {
                assertThat(log.getConnState()).isEqualTo("REJ");
                assertThat(log.getEndReason()).isEqualTo(EndReason.RST);
            });
            assertThat(h.tombstones).hasSize(1);
            assertThat(h.endpoint("198.51.100.10:81").getWindowRefusals()).isEqualTo(1);
        }
    }

    @Test
    void rstWithAnotherTtlThanTheServersIsTaggedMiddleboxSuspected() {
        try (TopologyHarness h = new TopologyHarness()) {
            // the server's SYN+ACK (ttl 57) never reaches the client; the RST answering the retransmitted
            // SYN comes with ttl 250: something else on the path answered for the server
            h.send(syn(T0, 40010, 80), synAck(T0 + 1_000, 40010, 80), syn(T0 + seconds(1), 40010, 80),
                    Packets.tcp(T0 + seconds(1) + 500, Packets.SERVER, 80, Packets.CLIENT, 40010, RST | ACK, 0,
                            CISN + 1, 0, 0, 250));
            AnomalyEvent a = single(h, AnomalyType.CONNECTION_REFUSED);
            assertThat(a.getTags()).containsExactly(AnomalyCatalog.TAG_MIDDLEBOX_SUSPECTED);
            assertThat(a.getLikelyCause()).contains("probably forged it");
            assertThat(a.getEvidence()).anySatisfy(e -> assertThat(e.getDescription()).contains("ttl 250"));
        }
    }

    @Test
    void firstRstFromAHostWhoseSynAcksCarryAnotherTtlIsTaggedMiddleboxSuspected() {
        try (TopologyHarness h = new TopologyHarness()) {
            // the server's SYN+ACKs on port 80 arrive with ttl 57; a RST "from the server" on 8443
            // arrives with ttl 64, one hop from the client: a firewall's REJECT with tcp-reset
            h.send(all(handshake(T0, 40020, 80)));
            h.send(syn(T0 + seconds(2), 40021, 8443),
                    Packets.tcp(T0 + seconds(2) + 300, Packets.SERVER, 8443, Packets.CLIENT, 40021, RST | ACK, 0,
                            CISN + 1, 0, 0, 64));
            AnomalyEvent a = single(h, AnomalyType.CONNECTION_REFUSED);
            assertThat(a.getTags()).containsExactly(AnomalyCatalog.TAG_MIDDLEBOX_SUSPECTED);
            assertThat(a.getEvidence()).anySatisfy(e -> assertThat(e.getDescription())
                    .contains("ttl 64", "the host's other SYN+ACKs/packets carried ttl 57"));
        }
    }

    @Test
    void firstRstWithTheHostsUsualTtlIsAPlainRefusal() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 40022, 80)));
            h.send(syn(T0 + seconds(2), 40023, 81), Conversations.rstAnsweringSyn(T0 + seconds(2) + 300, 40023, 81));
            AnomalyEvent a = single(h, AnomalyType.CONNECTION_REFUSED);
            assertThat(a.getTags()).isEmpty();
            assertThat(a.getLikelyCause()).contains("service is down");
        }
    }

    @Test
    void rstWithTheServersUsualTtlIsAPlainRefusal() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40011, 80), Conversations.rstAnsweringSyn(T0 + 500, 40011, 80));
            assertThat(single(h, AnomalyType.CONNECTION_REFUSED).getTags()).isEmpty();
        }
    }

    @ParameterizedTest(name = "ICMP type {0} code {1} -> {2}")
    @CsvSource({"3,0,NET_UNREACHABLE", "3,1,HOST_UNREACHABLE", "3,3,PORT_UNREACHABLE", "3,13,ADMIN_PROHIBITED",
            "3,10,ADMIN_PROHIBITED"})
    void icmpErrorQuotingTheSynIsClassified(int type, int code, AnomalyType expected) {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40002, 80), Packets.icmp(T0 + 300, 40002, 80, CISN, type, code, "203.0.113.1"));
            AnomalyEvent a = single(h, expected);
            assertThat(a.getEvidence()).anySatisfy(e -> assertThat(e.getDescription()).contains("203.0.113.1"));
        }
    }

    @Test
    void icmpErrorQuotingTheSynAckBlamesTheWayBack() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40012, 80), synAck(T0 + 1_000, 40012, 80),
                    Packets.icmpQuotingSynAck(T0 + 3_000, 40012, 80, SISN, CISN + 1, 3, 1, "198.51.100.1"));
            AnomalyEvent a = single(h, AnomalyType.HOST_UNREACHABLE);
            assertThat(a.getTags()).containsExactly(AnomalyCatalog.TAG_REVERSE_PATH);
            assertThat(a.getLikelyCause()).contains("responder cannot reach the originator");
            assertThat(a.getEvidence()).anySatisfy(e -> assertThat(e.getDescription()).contains("from the responder"));
        }
    }

    @Test
    void synAckWithoutFinalAckIsHalfOpen() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40003, 80), synAck(T0 + 1_000, 40003, 80), synAck(T0 + seconds(1), 40003, 80));
            h.send(heartbeat(T0 + seconds(9)));
            assertThat(h.anomaliesOf(AnomalyType.HALF_OPEN)).isEmpty();
            h.send(heartbeat(T0 + seconds(11)));
            single(h, AnomalyType.HALF_OPEN);
            assertThat(h.anomaliesOf(AnomalyType.CONNECT_TIMEOUT)).isEmpty();
        }
    }

    @Test
    void synAckWithWrongAckAnsweredByRstIsSequenceMismatch() {
        try (TopologyHarness h = new TopologyHarness()) {
            long badAck = CISN + 1 + 123_456;
            h.send(syn(T0, 40004, 80),
                    s2c(T0 + 1_000, 40004, 80, Packets.SYN | ACK, SISN, badAck, 0),
                    c2s(T0 + 1_100, 40004, 80, RST, badAck, 0, 0));
            single(h, AnomalyType.SEQUENCE_MISMATCH);
        }
    }

    @Test
    void establishedTrafficInOneDirectionIsOneSided() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 40005, 80));
            for (int i = 0; i < 12; i++) {
                h.send(c2s(T0 + 2_000 + i * 1_000L, 40005, 80, ACK | PSH, CISN + 1 + i * 100L, SISN + 1, 100));
            }
            single(h, AnomalyType.ONE_SIDED_FLOW);
        }
    }

    @Test
    void rstOnEstablishedConnectionIsResetMidstream() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 40006, 80), exchange(T0 + 10_000, 40006, 80)));
            h.send(s2c(T0 + 20_000, 40006, 80, RST | ACK, SISN + 231, CISN + 78, 0));
            single(h, AnomalyType.RESET_MIDSTREAM);
            // the server's second RST (as Linux sends one per segment it refuses) trails the first: same record
            h.send(s2c(T0 + 20_200, 40006, 80, RST, SISN + 231, 0, 0));
            h.send(heartbeat(T0 + seconds(6)));
            assertThat(h.logs).singleElement().satisfies(log -> {
                assertThat(log.getConnState()).isEqualTo("RSTR");
                assertThat(log.getHistory()).endsWith("r").doesNotEndWith("rr");
                assertThat(log.getEndReason()).isEqualTo(EndReason.RST);
            });
            assertThat(h.stored(syn(T0, 40006, 80))).isNull();
        }
    }

    @Test
    void manyRetransmissionsAreAStorm() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 40007, 80)));
            for (int i = 0; i < 12; i++) {
                h.send(c2s(T0 + 10_000 + i * 200_000L, 40007, 80, ACK | PSH, CISN + 1, SISN + 1, 100));
            }
            AnomalyEvent a = single(h, AnomalyType.RETRANSMISSION_STORM);
            assertThat(a.getEvidence().get(0).getDescription()).contains("retransmitted");
        }
    }

    @Test
    void zeroWindowThatDoesNotOpenIsAStall() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 40008, 80)));
            h.send(c2s(T0 + 10_000, 40008, 80, ACK | PSH, CISN + 1, SISN + 1, 1000),
                    Packets.tcp(T0 + 20_000, Packets.SERVER, 80, Packets.CLIENT, 40008, ACK, SISN + 1, CISN + 1001, 0,
                            0, 57));
            h.send(heartbeat(T0 + seconds(4)));
            assertThat(h.anomaliesOf(AnomalyType.ZERO_WINDOW_STALL)).isEmpty();
            h.send(heartbeat(T0 + seconds(6)));
            single(h, AnomalyType.ZERO_WINDOW_STALL);
        }
    }

    @Test
    void closeWaitPastTheThresholdIsStuck() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(all(handshake(T0, 40009, 80), clientCloses(T0 + 10_000, 40009, 80)));
            h.send(heartbeat(T0 + seconds(59)));
            assertThat(h.anomaliesOf(AnomalyType.CLOSE_WAIT_STUCK)).isEmpty();
            h.send(heartbeat(T0 + seconds(61)));
            AnomalyEvent a = single(h, AnomalyType.CLOSE_WAIT_STUCK);
            assertThat(a.getEvidence()).anySatisfy(e -> assertThat(e.getDescription())
                    .contains("198.51.100.10:80").contains("CLOSE_WAIT"));
        }
    }

    @Test
    void manyCloseWaitsOnOneServiceAreALeakRaisedOnce() {
        try (TopologyHarness h = new TopologyHarness()) {
            for (int i = 0; i < 7; i++) {
                int port = 41000 + i;
                h.send(all(handshake(T0 + i * 100_000L, port, 8080), clientCloses(T0 + i * 100_000L + 10_000, port,
                        8080)));
            }
            // seven in CLOSE_WAIT at once is not a leak yet: a busy server has that many on their way to closing
            h.send(heartbeat(T0 + seconds(2.5)));
            assertThat(h.anomaliesOf(AnomalyType.CLOSE_WAIT_LEAK)).isEmpty();
            // still there, idle, past closeWaitLeakMinAge (3 s)
            h.send(heartbeat(T0 + seconds(5)));
            AnomalyEvent a = single(h, AnomalyType.CLOSE_WAIT_LEAK);
            assertThat(a.getRespH()).isEqualTo("198.51.100.10");
            assertThat(a.getRespP()).isEqualTo(8080);
            assertThat(a.getCount()).isEqualTo(5L);
            assertThat(a.getUid()).isNull();
        }
    }

    @Test
    void manyUnansweredSynsToOneServiceAreASynFlood() {
        Thresholds t = TopologyHarness.thresholds().withWallClockIdleAdvance(Duration.ZERO).withEndpointThresholds(10, 5);
        try (TopologyHarness h = new TopologyHarness(t)) {
            for (int i = 0; i < 15; i++) {
                h.send(Packets.tcp(T0 + i * 1_000L, "203.0.113." + (i + 1), 50000 + i, Packets.SERVER, 443,
                        Packets.SYN, 1000L * i, 0, 0, 64240, 60));
            }
            // 15 unanswered at once is not a flood yet: they might be answered the next millisecond
            h.send(heartbeat(T0 + seconds(1.5)));
            assertThat(h.anomaliesOf(AnomalyType.SYN_FLOOD)).isEmpty();
            // still unanswered past synFloodMinAge (2 s)
            h.send(heartbeat(T0 + seconds(3)));
            AnomalyEvent a = single(h, AnomalyType.SYN_FLOOD);
            assertThat(a.getRespP()).isEqualTo(443);
            assertThat(a.getCount()).isEqualTo(10L);
            assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
        }
    }

    private static AnomalyEvent single(TopologyHarness h, AnomalyType type) {
        assertThat(h.anomaliesOf(type)).as("%s anomalies among %s", type, h.events).hasSize(1);
        return h.anomaliesOf(type).get(0);
    }
}

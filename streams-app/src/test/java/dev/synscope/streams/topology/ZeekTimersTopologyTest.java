package dev.synscope.streams.topology;

import static dev.synscope.streams.topology.Conversations.CISN;
import static dev.synscope.streams.topology.Conversations.SISN;
import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Packets.ACK;
import static dev.synscope.streams.topology.Packets.FIN;
import static dev.synscope.streams.topology.Packets.PSH;
import static dev.synscope.streams.topology.Packets.RST;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.c2s;
import static dev.synscope.streams.topology.Packets.heartbeat;
import static dev.synscope.streams.topology.Packets.s2c;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.EndReason;
import org.junit.jupiter.api.Test;

/**
 * The two Zeek timers that decide where one conn.log record ends and the next begins on the same
 * tuple (Zeek's TCPSessionAdapter): the close linger (tcp_reset_delay / tcp_close_delay) and the
 * attempt timer (tcp_attempt_delay) of a half-duplex capture. Zeek's ssh.client-side-half-duplex and
 * ssh.pcap baselines are the real-traffic cases (ZeekCorpusTest).
 */
class ZeekTimersTopologyTest {

    @Test
    void packetsTrailingAResetCountInItsRecordUntilTheLingerEnds() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(Conversations.all(Conversations.handshake(T0, 41000, 80)));
            h.send(c2s(T0 + 10_000, 41000, 80, RST | ACK, CISN + 1, SISN + 1, 0));
            h.send(s2c(T0 + 20_000, 41000, 80, ACK, SISN + 1, CISN + 1, 0));        // in flight when the RST left
            h.send(heartbeat(T0 + seconds(4)));
            assertThat(h.logs).as("still lingering at 4 s").isEmpty();
            h.send(heartbeat(T0 + seconds(6)));
            assertThat(h.logs).singleElement().satisfies(log -> {
                assertThat(log.getHistory()).isEqualTo("ShARa"); // the server's first pure ACK adds its a
                assertThat(log.getRespPkts()).isEqualTo(2);
                assertThat(log.getConnState()).isEqualTo("RSTO");
                assertThat(log.getEndReason()).isEqualTo(EndReason.RST);
            });
        }
    }

    @Test
    void aLoneRstIsARecordAtOnce() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(s2c(T0, 41001, 80, RST, SISN, 0, 0));
            assertThat(h.logs).singleElement().satisfies(log -> assertThat(log.getHistory()).isEqualTo("^r"));
            assertThat(h.stored(s2c(T0, 41001, 80, RST, SISN, 0, 0))).isNull();
        }
    }

    @Test
    void aHalfDuplexAttemptEndsAtTheAttemptDelayAndWhatFollowsIsANewRecord() {
        try (TopologyHarness h = new TopologyHarness()) {
            // only the client's direction is captured: SYN, the handshake's ACK, data, then silence past 5 s
            h.send(syn(T0, 41002, 22), c2s(T0 + 100_000, 41002, 22, ACK, CISN + 1, SISN + 1, 0),
                    c2s(T0 + 200_000, 41002, 22, ACK | PSH, CISN + 1, SISN + 1, 21));
            h.send(c2s(T0 + seconds(6), 41002, 22, ACK | PSH, CISN + 22, SISN + 1, 80),
                    c2s(T0 + seconds(6) + 500_000, 41002, 22, ACK, CISN + 102, SISN + 1, 0),
                    c2s(T0 + seconds(7), 41002, 22, ACK | FIN, CISN + 102, SISN + 1, 0));
            h.send(heartbeat(T0 + seconds(400)));
            assertThat(h.logs).extracting(ConnLogRecord::getConnState, ConnLogRecord::getHistory)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("S0", "SAD"),
                            org.assertj.core.groups.Tuple.tuple("SH", "DAF"));
        }
    }

    @Test
    void anUnansweredSynThatRetransmitsStaysOneRecord() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(syn(T0, 41003, 80), syn(T0 + seconds(1), 41003, 80), syn(T0 + seconds(3), 41003, 80),
                    syn(T0 + seconds(7), 41003, 80));
            h.send(heartbeat(T0 + seconds(400)));
            assertThat(h.logs).singleElement().satisfies(log -> {
                assertThat(log.getConnState()).isEqualTo("S0");
                assertThat(log.getOrigPkts()).isEqualTo(4);
            });
        }
    }
}

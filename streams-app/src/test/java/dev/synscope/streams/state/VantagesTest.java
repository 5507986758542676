package dev.synscope.streams.state;

import dev.synscope.schema.VantageStats;
import org.junit.jupiter.api.Test;

import static dev.synscope.schema.TcpState.ESTABLISHED;
import static dev.synscope.schema.TcpState.SYN_SENT;
import static org.assertj.core.api.Assertions.assertThat;

/** Two probes, one at each end, see the same packets (same IP ids) with different TTLs. */
class VantagesTest {

    private static String c2s(String rest, int ttl, String probe, int id) {
        return "client.40000 > server.80: " + rest + ", ttl " + ttl + ", id " + id + ", probe " + probe;
    }

    private static String s2c(String rest, int ttl, String probe, int id) {
        return "server.80 > client.40000: " + rest + ", ttl " + ttl + ", id " + id + ", probe " + probe;
    }

    @Test
    void aPacketSeenByTwoProbesIsCountedOnceAndAttributedToBoth() {
        Conn c = new Conn();
        String syn = "Flags [S], seq 1000, win 64240, length 0";
        String synAck = "Flags [S.], seq 5000, ack 1001, win 65160, length 0";
        String ack = "Flags [.], ack 5001, win 502, length 0";
        String data = "Flags [P.], seq 1001:1078, ack 5001, win 502, length 77";
        // client-side probe "cli" sees client packets at TTL 64, server packets at 52; "srv" the reverse.
        c.send("10:00:00.000000 IP " + c2s(syn, 64, "cli", 1),
                "10:00:00.010000 IP " + c2s(syn, 52, "srv", 1),
                "10:00:00.010100 IP " + s2c(synAck, 64, "srv", 0),
                "10:00:00.020100 IP " + s2c(synAck, 52, "cli", 0),
                "10:00:00.020200 IP " + c2s(ack, 64, "cli", 2),
                "10:00:00.030200 IP " + c2s(ack, 52, "srv", 2),
                "10:00:00.020300 IP " + c2s(data, 64, "cli", 3),
                "10:00:00.030300 IP " + c2s(data, 52, "srv", 3));

        assertThat(c.state.getOrigPackets()).isEqualTo(3);
        assertThat(c.state.getRespPackets()).isEqualTo(1);
        assertThat(c.state.getOrigBytes()).isEqualTo(77);
        assertThat(c.state.getOrigRetransmits()).isZero();
        assertThat(c.state.getHistory()).isEqualTo("ShAD");
        assertThat(c.state.getOrigTtls()).containsExactly(64, 52);
        assertThat(c.state.getRespTtls()).containsExactly(64, 52);
        assertThat(c.state.getVantages()).extracting(VantageStats::getProbeId).containsExactly("cli", "srv");
        for (VantageStats v : c.state.getVantages()) {
            assertThat(v.getOrigPackets()).isEqualTo(3);
            assertThat(v.getRespPackets()).isEqualTo(1);
            assertThat(v.getOrigState()).isEqualTo(ESTABLISHED);
            assertThat(v.getRespState()).isEqualTo(ESTABLISHED);
        }
        assertThat(c.state.getSynToSynAckMicros()).as("measured at the client-side probe").isEqualTo(20_100L);
        assertThat(c.events(ConnectionEvent.Type.SYN_SEEN)).hasSize(1);
        assertThat(c.events(ConnectionEvent.Type.SYN_RETRANSMITTED)).isEmpty();
    }

    @Test
    void eachVantageKeepsTheStatesItsOwnPacketsShow() {
        Conn c = new Conn();
        // Only the client-side probe sees the SYN+ACK (say the server-side probe dropped it).
        c.send("10:00:00.000000 IP " + c2s("Flags [S], seq 1000, win 64240, length 0", 64, "cli", 1),
                "10:00:00.010000 IP " + c2s("Flags [S], seq 1000, win 64240, length 0", 52, "srv", 1),
                "10:00:00.020100 IP " + s2c("Flags [S.], seq 5000, ack 1001, win 65160, length 0", 52, "cli", 0));
        VantageStats cli = c.state.getVantages().get(0);
        VantageStats srv = c.state.getVantages().get(1);
        assertThat(cli.getRespState()).isEqualTo(dev.synscope.schema.TcpState.SYN_RECEIVED);
        assertThat(srv.getOrigState()).isEqualTo(SYN_SENT);
        assertThat(srv.getRespState()).isEqualTo(dev.synscope.schema.TcpState.LISTEN);
    }

    @Test
    void aProbeThatSeesOneDirectionOnlyRaisesOneSidedOnce() {
        Conn c = new Conn().probe("asym").send(Handshakes.SYN,
                "client.40000 > server.80: Flags [.], ack 5001, win 502, length 0",
                "client.40000 > server.80: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100",
                "client.40000 > server.80: Flags [P.], seq 1101:1201, ack 5001, win 502, length 100",
                "client.40000 > server.80: Flags [P.], seq 1201:1301, ack 5001, win 502, length 100",
                "client.40000 > server.80: Flags [P.], seq 1301:1401, ack 5001, win 502, length 100",
                "client.40000 > server.80: Flags [P.], seq 1401:1501, ack 5001, win 502, length 100",
                "client.40000 > server.80: Flags [P.], seq 1501:1601, ack 5001, win 502, length 100",
                "client.40000 > server.80: Flags [P.], seq 1601:1701, ack 5001, win 502, length 100",
                "client.40000 > server.80: Flags [P.], seq 1701:1801, ack 5001, win 502, length 100");
        assertThat(c.events(ConnectionEvent.Type.ONE_SIDED)).singleElement().satisfies(e -> {
            assertThat(e.probeId()).isEqualTo("asym");
            assertThat(e.value()).isEqualTo(8L);
        });
        assertThat(c.client()).as("the client acks the server's SYN+ACK: it got one").isEqualTo(ESTABLISHED);
        assertThat(c.state.getRespNextSeq()).as("known only from the client's acks").isEqualTo(5001L);
        assertThat(c.state.getRespBytes()).isZero();
    }

    /** IPv6 has no IP id: identical packets are told apart by how many each probe saw. */
    @Test
    void identicalIpv6PacketsCountAsOftenAsTheProbeThatSawMostOfThem() {
        Conn c = new Conn();
        String syn = "[2001:db8::10]:40000 > [2001:db8::80]:80: Flags [S], seq 1000, win 64240, length 0";
        c.send("10:00:00.000000 IP6 " + syn + ", probe cli",
                "10:00:00.005000 IP6 " + syn + ", probe srv",
                "10:00:01.000000 IP6 " + syn + ", probe cli",   // retransmission seen at the client first
                "10:00:01.005000 IP6 " + syn + ", probe srv");
        assertThat(c.state.getOrigPackets()).isEqualTo(2);
        assertThat(c.state.getOrigSynCount()).isEqualTo(2);
        assertThat(c.state.getVantages()).allSatisfy(v -> assertThat(v.getOrigPackets()).isEqualTo(2));
        assertThat(c.state.getIpVersion()).isEqualTo(6);
        assertThat(c.state.getOrigAddr()).contains("2001:db8");
    }
}

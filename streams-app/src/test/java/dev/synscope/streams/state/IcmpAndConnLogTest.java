package dev.synscope.streams.state;

import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.serde.SynScopeSerdes;
import org.junit.jupiter.api.Test;

import static dev.synscope.schema.TcpState.CLOSED;
import static org.assertj.core.api.Assertions.assertThat;

class IcmpAndConnLogTest {

    @Test
    void icmpErrorQuotingTheSynAttachesAndClosesTheOriginatorAsLinuxDoes() {
        Conn c = new Conn().send(Handshakes.SYN);
        c.apply(c.packets.icmp("client.40000", "server.80", 1000, 3, 1, "router"));
        assertThat(c.events(ConnectionEvent.Type.ICMP_ERROR)).singleElement().satisfies(e -> {
            assertThat(e.value()).isEqualTo(3 * 256 + 1);
            assertThat(e.detail()).isEqualTo("203.0.113.1");
            assertThat(e.fromOriginator()).isTrue();
        });
        // Linux aborts a SYN_SENT socket on host unreachable (tcp_v4_err): CLOSED, inferred (GiveUpInference);
        // counters and history are the packets' alone
        assertThat(c.client()).isEqualTo(CLOSED);
        assertThat(c.state.getOrigPackets()).isEqualTo(1);
        assertThat(c.state.getHistory()).isEqualTo("S");
    }

    @Test
    void icmpErrorWithoutAnyTcpPacketStillGivesAState() {
        Conn c = new Conn();
        c.apply(c.packets.icmp("client.40000", "server.80", 1000, 3, 3, "server"));
        assertThat(c.state).isNotNull();
        assertThat(c.state.getOrigPort()).isEqualTo(40000);
        assertThat(c.types()).containsExactly(ConnectionEvent.Type.ICMP_ERROR);
    }

    @Test
    void connLogLooksLikeZeeks() {
        Conn c = new Conn().send("10:00:00.000000 IP client.40000 > server.80: Flags [S], seq 1000, win 64240, length 0",
                "10:00:00.000100 IP server.80 > client.40000: Flags [S.], seq 5000, ack 1001, win 65160, length 0",
                "10:00:00.000200 IP client.40000 > server.80: Flags [P.], seq 1001:1078, ack 5001, win 502, length 77");
        ConnLogRecord interim = c.tracker.toConnLog(c.state, null, true);
        assertThat(interim.getInterim()).isTrue();
        assertThat(interim.getEndReason()).isEqualTo(EndReason.INTERIM);
        assertThat(interim.getDurationMicros()).isEqualTo(200L);
        assertThat(interim.getOrigBytes()).isEqualTo(77L);
        assertThat(interim.getRespBytes()).isEqualTo(0L);
        assertThat(interim.getConnState()).isEqualTo("S1");
        assertThat(interim.getHistory()).isEqualTo("ShD");
        assertThat(interim.getOrigPkts()).isEqualTo(2);
        assertThat(interim.getUid()).isEqualTo(c.state.getUid());
        assertThat(interim.getOrigH()).isEqualTo("192.0.2.10");
        assertThat(interim.getRespP()).isEqualTo(80);
        assertThat(interim.getVantages()).hasSize(1);

        ConnLogRecord single = c.tracker.toConnLog(new Conn().send(Handshakes.SYN).state, EndReason.TIMEOUT, false);
        assertThat(single.getDurationMicros()).as("Zeek leaves duration and bytes unset at 0 s").isNull();
        assertThat(single.getOrigBytes()).isNull();
        assertThat(single.getConnState()).isEqualTo("S0");
    }

    /** The state's size on the changelog and in RocksDB (one record per connection). */
    @Test
    void serializedStateOfATypicalEstablishedConnectionIsSmall() {
        Conn c = Handshakes.established().send(
                "client.40000 > server.80: Flags [P.], seq 1001:1078, ack 5001, win 502, length 77",
                "server.80 > client.40000: Flags [.], ack 1078, win 509, length 0",
                "server.80 > client.40000: Flags [P.], seq 5001:5231, ack 1078, win 509, length 230",
                "client.40000 > server.80: Flags [.], ack 5231, win 502, length 0");
        byte[] bytes = SynScopeSerdes.CONNECTION_STATE.serializer().serialize("t", c.state);
        System.out.println("serialized ConnectionState of a typical established connection: " + bytes.length + " bytes");
        assertThat(bytes.length).isLessThan(700);
        assertThat(SynScopeSerdes.CONNECTION_STATE.deserializer().deserialize("t", bytes)).isEqualTo(c.state);
    }
}

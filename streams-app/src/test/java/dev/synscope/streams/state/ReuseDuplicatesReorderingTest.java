package dev.synscope.streams.state;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.TcpState;
import org.junit.jupiter.api.Test;

import static dev.synscope.schema.TcpState.ESTABLISHED;
import static dev.synscope.schema.TcpState.LISTEN;
import static dev.synscope.schema.TcpState.SYN_SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReuseDuplicatesReorderingTest {

    private static final String[] CLOSE = {
        "client.40000 > server.80: Flags [F.], seq 1001, ack 5001, win 502, length 0",
        "server.80 > client.40000: Flags [F.], seq 5001, ack 1002, win 509, length 0",
        "client.40000 > server.80: Flags [.], ack 5002, win 502, length 0"};

    @Test
    void newSynWithNewIsnAfterCloseFinalizesTheOldInstance() {
        Conn c = Handshakes.established().send(CLOSE);
        ConnectionState old = c.state;
        String oldUid = old.getUid();
        c.send("client.40000 > server.80: Flags [S], seq 777000, win 64240, length 0");
        assertThat(c.last.finalized()).isSameAs(old);
        assertThat(c.last.finalizedReason()).isEqualTo(EndReason.TUPLE_REUSE);
        assertThat(old.getConnState()).as("the old instance is left as it was").isEqualTo("SF");
        assertThat(c.state.getUid()).isNotEqualTo(oldUid).startsWith("C");
        assertThat(c.state.getOrigIsn()).isEqualTo(777000L);
        assertThat(c.client()).isEqualTo(SYN_SENT);
        assertThat(c.server()).isEqualTo(LISTEN);
        assertThat(c.state.getHistory()).isEqualTo("S");
        assertThat(c.last.events()).extracting(ConnectionEvent::type)
                .containsExactly(ConnectionEvent.Type.TUPLE_REUSED, ConnectionEvent.Type.SYN_SEEN);
    }

    @Test
    void retransmittedSynIsNotReuse() {
        Conn c = Handshakes.established().send(CLOSE).send(Handshakes.SYN);
        assertThat(c.last.finalized()).isNull();
        assertThat(c.state.getUid()).isEqualTo(c.finalized.get(0).getUid());
    }

    @Test
    void synWithNewIsnInsideALiveConnectionIsNotReuse() {
        Conn c = Handshakes.established().send("client.40000 > server.80: Flags [S], seq 424242, win 64240, length 0");
        assertThat(c.last.finalized()).isNull();
        assertThat(c.client()).isEqualTo(ESTABLISHED);
    }

    @Test
    void idleConnectionIsReusedAfterTheIdleLimit() {
        Conn c = Handshakes.established();
        c.send("client.40000 > server.80: Flags [S], seq 424242, win 64240, length 0, at +400000000");
        assertThat(c.last.finalizedReason()).isEqualTo(EndReason.TUPLE_REUSE);
        assertThat(c.last.finalized().getConnState()).isEqualTo("S1");
    }

    @Test
    void unansweredAttemptThenANewIsnIsANewInstance() {
        Conn c = new Conn().send(Handshakes.SYN, "client.40000 > server.80: Flags [S], seq 2000, win 64240, length 0");
        assertThat(c.last.finalizedReason()).isEqualTo(EndReason.TUPLE_REUSE);
        assertThat(c.last.finalized().getConnState()).isEqualTo("S0");
        assertThat(c.state.getOrigIsn()).isEqualTo(2000L);
    }

    @Test
    void theSameRecordDeliveredTwiceCountsOnce() {
        Conn c = new Conn();
        Packets p = new Packets();
        HeaderObservation syn = p.line(Handshakes.SYN);
        HeaderObservation synAck = p.line(Handshakes.SYN_ACK);
        HeaderObservation ack = p.line(Handshakes.ACK);
        c.apply(syn);
        c.apply(synAck);
        c.apply(synAck);
        TrackerUpdate dup = c.apply(syn);
        assertThat(dup.events()).isEmpty();
        assertThat(dup.current()).isSameAs(c.state);
        c.apply(ack);
        c.apply(ack);
        assertThat(c.state.getOrigPackets()).isEqualTo(2);
        assertThat(c.state.getRespPackets()).isEqualTo(1);
        assertThat(c.state.getHistory()).isEqualTo("ShA");
        assertThat(c.state.getOrigSynCount()).isEqualTo(1);
        assertThat(c.events(ConnectionEvent.Type.SYN_RETRANSMITTED)).isEmpty();
        assertThat(c.state.getVantages().get(0).getOrigPackets()).isEqualTo(2);
    }

    @Test
    void synArrivingAfterItsSynAckWithinTheGraceIsPutBackInOrder() {
        // The server-side probe's SYN+ACK reaches the app before the client-side probe's SYN.
        Conn c = new Conn().send(
                "10:00:00.000300 IP server.80 > client.40000: Flags [S.], seq 5000, ack 1001, win 65160, length 0, probe b",
                "10:00:00.000000 IP client.40000 > server.80: Flags [S], seq 1000, win 64240, length 0, probe a",
                "10:00:00.000900 IP client.40000 > server.80: Flags [.], ack 5001, win 502, length 0, probe a");
        assertThat(c.state.getHistory()).isEqualTo("ShA");
        assertThat(c.state.getConnState()).isEqualTo("S1");
        assertThat(c.state.getRolesGuessed()).isFalse();
        assertThat(c.state.getFirstSeenMicros()).isEqualTo(Packets.micros("10:00:00.000000"));
        assertThat(c.client()).isEqualTo(ESTABLISHED);
        assertThat(c.server()).isEqualTo(ESTABLISHED);
    }

    @Test
    void dataOutOfOrderIsCountedAndNotAGap() {
        Conn c = Handshakes.established().send(
                "client.40000 > server.80: Flags [P.], seq 1101:1201, ack 5001, win 502, length 100",
                "client.40000 > server.80: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100",
                "server.80 > client.40000: Flags [.], ack 1201, win 509, length 0");
        assertThat(c.state.getOrigOutOfOrder()).isEqualTo(1);
        assertThat(c.events(ConnectionEvent.Type.OUT_OF_ORDER)).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo(100L));
        assertThat(c.state.getOrigBytes()).isEqualTo(200);
        assertThat(c.state.getMissedBytes()).isZero();
        assertThat(c.state.getHistory()).as("Zeek counts the hole-filler as retransmitted: T").isEqualTo("ShADTa");
    }

    @Test
    void aPacketOlderThanTheGraceIsCountedButMovesNoState() {
        Conn c = Handshakes.established().send(
                "client.40000 > server.80: Flags [F.], seq 1001, ack 5001, win 502, length 0, at +10000000");
        TcpState before = c.client();
        // Delivered late: captured 9 s before the FIN, i.e. 7 s beyond the 2 s grace.
        c.send("server.80 > client.40000: Flags [R], seq 5001, win 0, length 0, at -9000000");
        assertThat(c.client()).isEqualTo(before);
        assertThat(c.state.getRespPackets()).isEqualTo(2);
        assertThat(c.finalized).isEmpty();
    }

    @Test
    void heartbeatsAndEndOfCaptureLeaveTheStateAlone() {
        Conn c = Handshakes.established();
        ConnectionState before = c.state;
        HeaderObservation hb = c.packets.heartbeat();
        TrackerUpdate u = c.tracker.apply(before, CanonicalKeys.of(c.packets.line(Handshakes.ACK)), hb);
        assertThat(u.current()).isSameAs(before);
        assertThat(u.events()).isEmpty();
        assertThat(c.tracker.apply(null, CanonicalKeys.of(c.packets.line(Handshakes.ACK)), hb).current()).isNull();
    }

    @Test
    void aPacketOfAnotherTupleIsATypedError() {
        Conn c = Handshakes.established();
        HeaderObservation other = Packets.from("client.40001 > server.80: Flags [S], seq 1, win 1, length 0");
        assertThatThrownBy(() -> c.tracker.apply(c.state, CanonicalKeys.of(c.packets.line(Handshakes.ACK)), other))
                .isInstanceOf(ObservationMismatchException.class).hasMessageContaining("40001");
    }

    @Test
    void uidsAreDeterministicAndZeekShaped() {
        String a = Handshakes.established().state.getUid();
        String b = Handshakes.established().state.getUid();
        String other = new Conn().send("client.40000 > server.80: Flags [S], seq 1234, win 64240, length 0").state.getUid();
        assertThat(a).isEqualTo(b).matches("C[0-9A-Za-z]{11}").isNotEqualTo(other);
    }
}

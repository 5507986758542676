package dev.synscope.streams.state;

import dev.synscope.schema.EndReason;
import org.junit.jupiter.api.Test;

import static dev.synscope.schema.TcpState.CLOSED;
import static dev.synscope.schema.TcpState.CLOSE_WAIT;
import static dev.synscope.schema.TcpState.CLOSING;
import static dev.synscope.schema.TcpState.ESTABLISHED;
import static dev.synscope.schema.TcpState.FIN_WAIT_1;
import static dev.synscope.schema.TcpState.FIN_WAIT_2;
import static dev.synscope.schema.TcpState.LAST_ACK;
import static dev.synscope.schema.TcpState.LISTEN;
import static dev.synscope.schema.TcpState.SYN_RECEIVED;
import static dev.synscope.schema.TcpState.SYN_SENT;
import static dev.synscope.schema.TcpState.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the endpoint-state table in docs/tcp-semantics.md, plus the RST window rules. */
class EndpointStateTableTest {

    @Test
    void synFromOriginator() {
        Conn c = new Conn().send(Handshakes.SYN);
        assertThat(c.client()).isEqualTo(SYN_SENT);
        assertThat(c.server()).isEqualTo(LISTEN);
    }

    @Test
    void synAckAckingIsnPlusOne() {
        Conn c = new Conn().send(Handshakes.SYN, Handshakes.SYN_ACK);
        assertThat(c.client()).isEqualTo(SYN_SENT);
        assertThat(c.server()).isEqualTo(SYN_RECEIVED);
    }

    @Test
    void ackOfResponderIsnPlusOne() {
        Conn c = Handshakes.established();
        assertThat(c.client()).isEqualTo(ESTABLISHED);
        assertThat(c.server()).isEqualTo(ESTABLISHED);
        assertThat(c.state.getOrigStateSinceMicros()).isEqualTo(c.packets.now());
    }

    @Test
    void clientClosesFirst() {
        Conn c = Handshakes.established();
        c.send("client.40000 > server.80: Flags [F.], seq 1001, ack 5001, win 502, length 0");
        assertThat(c.client()).isEqualTo(FIN_WAIT_1);
        assertThat(c.server()).isEqualTo(ESTABLISHED);
        c.send("server.80 > client.40000: Flags [.], ack 1002, win 509, length 0");
        assertThat(c.client()).isEqualTo(FIN_WAIT_2);
        assertThat(c.server()).isEqualTo(CLOSE_WAIT);
        c.send("server.80 > client.40000: Flags [F.], seq 5001, ack 1002, win 509, length 0");
        assertThat(c.server()).isEqualTo(LAST_ACK);
        c.send("client.40000 > server.80: Flags [.], ack 5002, win 502, length 0");
        assertThat(c.client()).isEqualTo(TIME_WAIT);
        assertThat(c.server()).isEqualTo(CLOSED);
        assertThat(c.finalizedReasons).containsExactly(EndReason.FIN);
    }

    @Test
    void finAckThatAlsoAcksThePeersFin() {
        Conn c = Handshakes.established();
        c.send("client.40000 > server.80: Flags [F.], seq 1001, ack 5001, win 502, length 0",
                "server.80 > client.40000: Flags [F.], seq 5001, ack 1002, win 509, length 0");
        assertThat(c.client()).isEqualTo(FIN_WAIT_2);
        assertThat(c.server()).as("got the FIN (CLOSE_WAIT) and sent its own").isEqualTo(LAST_ACK);
        c.send("client.40000 > server.80: Flags [.], ack 5002, win 502, length 0");
        assertThat(c.client()).isEqualTo(TIME_WAIT);
        assertThat(c.server()).isEqualTo(CLOSED);
    }

    @Test
    void simultaneousCloseGoesThroughClosingToTimeWait() {
        Conn c = Handshakes.established();
        c.send("client.40000 > server.80: Flags [F.], seq 1001, ack 5001, win 502, length 0");
        c.send("server.80 > client.40000: Flags [F.], seq 5001, ack 1001, win 509, length 0");
        assertThat(c.client()).isEqualTo(CLOSING);
        assertThat(c.server()).isEqualTo(CLOSING);
        c.send("server.80 > client.40000: Flags [.], ack 1002, win 509, length 0");
        assertThat(c.client()).isEqualTo(TIME_WAIT);
        assertThat(c.server()).isEqualTo(CLOSING);
        c.send("client.40000 > server.80: Flags [.], ack 5002, win 502, length 0");
        assertThat(c.client()).isEqualTo(TIME_WAIT);
        assertThat(c.server()).isEqualTo(TIME_WAIT);
        assertThat(c.finalizedReasons).containsExactly(EndReason.FIN);
        assertThat(c.state.getConnState()).isEqualTo("SF");
    }

    @Test
    void acceptableRstClosesBothSides() {
        Conn c = Handshakes.established();
        c.send("server.80 > client.40000: Flags [R.], seq 5001, ack 1001, win 0, length 0");
        assertThat(c.client()).isEqualTo(CLOSED);
        assertThat(c.server()).isEqualTo(CLOSED);
        assertThat(c.types()).contains(ConnectionEvent.Type.RST_MIDSTREAM);
        assertThat(c.finalizedReasons).containsExactly(EndReason.RST);
    }

    @Test
    void rstInsideTheWindowButNotExactIsAccepted() {
        Conn c = Handshakes.established();
        c.send("server.80 > client.40000: Flags [R], seq 5100, win 0, length 0");
        assertThat(c.client()).isEqualTo(CLOSED);
    }

    @Test
    void outOfWindowRstChangesNothing() {
        Conn c = Handshakes.established();
        // The client's window is 502 (no scaling negotiated): 5001 + 502 is already outside.
        c.send("server.80 > client.40000: Flags [R], seq 905001, win 0, length 0");
        assertThat(c.client()).isEqualTo(ESTABLISHED);
        assertThat(c.server()).isEqualTo(ESTABLISHED);
        assertThat(c.events(ConnectionEvent.Type.RST_OUT_OF_WINDOW)).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo(905001L));
        assertThat(c.finalized).isEmpty();
        c.send("server.80 > client.40000: Flags [R], seq 4000, win 0, length 0");
        assertThat(c.client()).as("below RCV.NXT is outside too").isEqualTo(ESTABLISHED);
    }

    @Test
    void rstAnsweringSynIsAcceptableOnlyWhenItAcksTheSyn() {
        Conn refused = new Conn().send(Handshakes.SYN,
                "server.80 > client.40000: Flags [R.], seq 0, ack 1001, win 0, length 0, ttl 57");
        assertThat(refused.client()).isEqualTo(CLOSED);
        assertThat(refused.server()).isEqualTo(CLOSED);
        assertThat(refused.events(ConnectionEvent.Type.RST_ANSWERING_SYN)).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo(57L));

        Conn bogus = new Conn().send(Handshakes.SYN,
                "server.80 > client.40000: Flags [R.], seq 0, ack 77777, win 0, length 0");
        assertThat(bogus.client()).isEqualTo(SYN_SENT);
        assertThat(bogus.types()).contains(ConnectionEvent.Type.RST_OUT_OF_WINDOW)
                .doesNotContain(ConnectionEvent.Type.RST_ANSWERING_SYN);
    }

    @Test
    void badSynAckAnsweredByRstIsASequenceMismatch() {
        Conn c = new Conn().send(Handshakes.SYN,
                "server.80 > client.40000: Flags [S.], seq 5000, ack 99999, win 65160, length 0");
        assertThat(c.events(ConnectionEvent.Type.SYN_ACK_BAD_ACK)).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo(99999L));
        c.send("client.40000 > server.80: Flags [R], seq 99999, win 0, length 0");
        assertThat(c.events(ConnectionEvent.Type.RST_AFTER_BAD_SYN_ACK)).hasSize(1);
        assertThat(c.client()).as("the client keeps trying").isEqualTo(SYN_SENT);
        assertThat(c.server()).as("a passive open returns to LISTEN").isEqualTo(LISTEN);
        assertThat(c.finalized).isEmpty();
    }

    @Test
    void midStreamPickUpIsEstablishedWithRolesGuessed() {
        Conn c = new Conn().send("server.80 > client.40000: Flags [P.], seq 7000:7100, ack 3000, win 509, length 100");
        assertThat(c.state.getRolesGuessed()).isTrue();
        assertThat(c.state.getRespPort()).isEqualTo(80);
        assertThat(c.client()).isEqualTo(ESTABLISHED);
        assertThat(c.server()).isEqualTo(ESTABLISHED);
        assertThat(c.state.getRespBytes()).isEqualTo(100);
        assertThat(c.events(ConnectionEvent.Type.MIDSTREAM_PICKUP)).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo(80L));
        assertThat(c.types()).doesNotContain(ConnectionEvent.Type.ESTABLISHED);
    }

    @Test
    void missedFinalAckIsInferredFromData() {
        Conn c = new Conn().send(Handshakes.SYN, Handshakes.SYN_ACK,
                "client.40000 > server.80: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100");
        assertThat(c.client()).isEqualTo(ESTABLISHED);
        assertThat(c.server()).isEqualTo(ESTABLISHED);
    }
}

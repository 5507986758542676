package dev.synscope.streams.state;

import org.junit.jupiter.api.Test;

import static dev.synscope.schema.TcpState.ESTABLISHED;
import static org.assertj.core.api.Assertions.assertThat;

/** Byte counts from sequence space: wrap-around, ISN changes, untrusted acks (user-asks.md #3). */
class SequenceSpaceTest {

    @Test
    void countsAcrossThe32BitWrap() {
        Conn c = new Conn().send(
                "client.40000 > server.80: Flags [S], seq 4294967000, win 64240, length 0",
                "server.80 > client.40000: Flags [S.], seq 5000, ack 4294967001, win 65160, length 0",
                "client.40000 > server.80: Flags [.], ack 5001, win 502, length 0",
                "client.40000 > server.80: Flags [P.], seq 4294967001:4294967501, ack 5001, win 502, length 500",
                "client.40000 > server.80: Flags [P.], seq 205:705, ack 5001, win 502, length 500",
                "server.80 > client.40000: Flags [.], ack 705, win 509, length 0");
        assertThat(c.state.getOrigBytes()).isEqualTo(1000);
        assertThat(c.state.getOrigNextSeq()).isEqualTo(705L);
        assertThat(c.state.getMissedBytes()).isZero();
        assertThat(c.state.getOrigRetransmits()).isZero();
        c.send("client.40000 > server.80: Flags [P.], seq 205:705, ack 5001, win 502, length 500");
        assertThat(c.state.getOrigRetransmits()).as("a retransmission after the wrap").isEqualTo(1);
        assertThat(c.state.getOrigBytes()).isEqualTo(1000);
    }

    @Test
    void synAckRetransmittedWithANewIsnNeverInflatesTheCount() {
        Conn c = new Conn().send(Handshakes.SYN,
                "server.80 > client.40000: Flags [S.], seq 1700005000, ack 1001, win 65160, length 0",
                "server.80 > client.40000: Flags [S.], seq 5000, ack 1001, win 65160, length 0",
                "client.40000 > server.80: Flags [.], ack 5001, win 502, length 0",
                "server.80 > client.40000: Flags [P.], seq 5001:5101, ack 1001, win 509, length 100");
        assertThat(c.state.getRespIsn()).isEqualTo(5000L);
        assertThat(c.state.getRespBytes()).isEqualTo(100);
        assertThat(c.client()).isEqualTo(ESTABLISHED);
        // A late ACK of the first ISN (1.7e9 ahead of the new one) must not become a 1.6 GB count.
        c.send("client.40000 > server.80: Flags [.], ack 1700005001, win 502, length 0");
        assertThat(c.state.getRespBytes()).isEqualTo(100);
        assertThat(c.types()).contains(ConnectionEvent.Type.ACK_OUT_OF_WINDOW);
        assertThat(c.state.getMissedBytes()).isZero();
    }

    @Test
    void ackFarBeyondAnythingSentIsNotTrusted() {
        Conn c = Handshakes.established().send(
                "server.80 > client.40000: Flags [.], ack 1000001001, win 509, length 0");
        assertThat(c.state.getOrigBytes()).isZero();
        assertThat(c.state.getMissedBytes()).isZero();
        assertThat(c.events(ConnectionEvent.Type.ACK_OUT_OF_WINDOW)).hasSize(1);
    }

    @Test
    void ipBytesComeFromTheIpLengthNotTheCapture() {
        Conn c = Handshakes.established().send(
                "client.40000 > server.80: Flags [P.], seq 1001:2449, ack 5001, win 502, length 1448");
        assertThat(c.state.getOrigIpBytes()).isEqualTo(40 + 40 + 1488);
        assertThat(c.state.getOrigBytes()).isEqualTo(1448);
    }

    @Test
    void aStraySegmentFarAheadIsNotCounted() {
        Conn c = Handshakes.established().send(
                "client.40000 > server.80: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100",
                "client.40000 > server.80: Flags [P.], seq 900001001:900001101, ack 5001, win 502, length 100",
                "server.80 > client.40000: Flags [.], ack 1101, win 509, length 0");
        assertThat(c.state.getOrigBytes()).isEqualTo(100);
        assertThat(c.events(ConnectionEvent.Type.SEQ_OUT_OF_WINDOW)).hasSize(1);
    }

    @Test
    void aCaptureGapConfirmedByTheReceiverResynchronizesWithoutCountingTheJump() {
        Conn c = Handshakes.established().send(
                "client.40000 > server.80: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100",
                // the probe then missed ~100 MB of the upload
                "client.40000 > server.80: Flags [P.], seq 100001001:100002001, ack 5001, win 502, length 1000",
                "server.80 > client.40000: Flags [.], ack 100002001, win 509, length 0",
                "client.40000 > server.80: Flags [P.], seq 100002001:100003001, ack 5001, win 502, length 1000");
        assertThat(c.state.getOrigCarriedBytes()).isEqualTo(100);
        assertThat(c.state.getOrigBytes()).as("100 before, the jumped segment lost, 1000 after").isEqualTo(1100);
        assertThat(c.state.getOrigNextSeq()).isEqualTo(100003001L);
    }
}

package dev.synscope.streams.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each Zeek history letter and its repetition rule. */
class ZeekHistoryTest {

    private static final String DATA_1 = "client.40000 > server.80: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100";

    @Test
    void synIsSAndARetransmittedSynDoesNotRepeatIt() {
        Conn c = new Conn().send(Handshakes.SYN, Handshakes.SYN, Handshakes.SYN);
        assertThat(c.state.getHistory()).isEqualTo("S");
        assertThat(c.state.getOrigSynCount()).isEqualTo(3);
        assertThat(c.events(ConnectionEvent.Type.SYN_RETRANSMITTED)).extracting(ConnectionEvent::value)
                .containsExactly(2L, 3L);
    }

    @Test
    void synAckIsHPureAckIsAOncePerDirection() {
        Conn c = Handshakes.established().send(Handshakes.ACK, Handshakes.ACK,
                "server.80 > client.40000: Flags [.], ack 1001, win 509, length 0",
                "server.80 > client.40000: Flags [.], ack 1001, win 509, length 0");
        assertThat(c.state.getHistory()).isEqualTo("ShAa");
    }

    @Test
    void payloadIsDOncePerDirection() {
        Conn c = Handshakes.established().send(DATA_1,
                "client.40000 > server.80: Flags [P.], seq 1101:1201, ack 5001, win 502, length 100",
                "server.80 > client.40000: Flags [P.], seq 5001:5051, ack 1201, win 509, length 50");
        assertThat(c.state.getHistory()).isEqualTo("ShADd");
    }

    @Test
    void synWithDataGivesOnlySAndDataOnAFinGivesOnlyF() {
        Conn c = new Conn().send("client.40000 > server.80: Flags [S], seq 1000:1010, win 64240, length 10");
        assertThat(c.state.getHistory()).isEqualTo("S");
        Conn f = Handshakes.established()
                .send("client.40000 > server.80: Flags [FP.], seq 1001:1101, ack 5001, win 502, length 100");
        assertThat(f.state.getHistory()).isEqualTo("ShAF");
        assertThat(f.state.getOrigBytes()).isEqualTo(100);
    }

    @Test
    void finRepeatsOnlyWithAnotherSequenceNumber() {
        Conn c = Handshakes.established().send(
                "client.40000 > server.80: Flags [F.], seq 1001, ack 5001, win 502, length 0",
                "client.40000 > server.80: Flags [F.], seq 1001, ack 5001, win 502, length 0");
        assertThat(c.state.getHistory()).isEqualTo("ShAF");
        Conn d = Handshakes.established().send(
                "client.40000 > server.80: Flags [F.], seq 1001, ack 5001, win 502, length 0",
                "client.40000 > server.80: Flags [FP.], seq 1001:1011, ack 5001, win 502, length 10");
        assertThat(d.state.getHistory()).isEqualTo("ShAFF");
    }

    @Test
    void rstIsRRepeatedOnlyWithAnotherSequenceNumber() {
        Conn c = Handshakes.established().send(
                "server.80 > client.40000: Flags [R], seq 5001, win 0, length 0",
                "server.80 > client.40000: Flags [R], seq 5001, win 0, length 0",
                "server.80 > client.40000: Flags [R], seq 5002, win 0, length 0");
        assertThat(c.state.getHistory()).isEqualTo("ShArr");
    }

    @Test
    void historyIsCappedAndTheLettersPastTheCapAreReported() {
        Conn c = Handshakes.established();
        for (int i = 0; i < 80; i++) {
            // RSTs far outside the window, each with another seq: an 'r' each, never a state change
            c.send("server.80 > client.40000: Flags [R], seq " + (9_000_000 + i) + ", win 0, length 0");
        }
        assertThat(c.state.getHistory().toString()).hasSize(ZeekHistory.MAX_LETTERS).startsWith("ShAr").endsWith("r");
        assertThat(c.events(ConnectionEvent.Type.HISTORY_CUT)).hasSize(80 - 61)
                .allSatisfy(e -> assertThat(e.value()).isEqualTo(1));
        assertThat(c.last.historyLettersCut()).isEqualTo(1);
    }

    @Test
    void contentGapIsGWithMissedBytes() {
        Conn c = Handshakes.established().send(
                "client.40000 > server.80: Flags [P.], seq 1101:1201, ack 5001, win 502, length 100",
                "server.80 > client.40000: Flags [.], ack 1201, win 509, length 0");
        assertThat(c.state.getHistory()).isEqualTo("ShADaG");
        assertThat(c.state.getMissedBytes()).isEqualTo(100);
        assertThat(c.state.getOrigGaps()).isEqualTo(1);
        assertThat(c.state.getOrigBytes()).as("bytes from sequence space include the unseen 100").isEqualTo(200);
    }

    @Test
    void retransmissionIsTLogarithmically() {
        Conn c = Handshakes.established().send(DATA_1);
        for (int i = 0; i < 10; i++) {
            c.send(DATA_1);
        }
        assertThat(c.state.getOrigRetransmits()).isEqualTo(10);
        assertThat(c.state.getHistory()).isEqualTo("ShADTT");
        assertThat(c.state.getOrigBytes()).as("retransmissions are not counted twice").isEqualTo(100);
    }

    @Test
    void zeroWindowIsWLogarithmicallyWithEpisodes() {
        Conn c = Handshakes.established().send(DATA_1,
                "server.80 > client.40000: Flags [.], ack 1101, win 0, length 0",
                "server.80 > client.40000: Flags [.], ack 1101, win 0, length 0",
                "server.80 > client.40000: Flags [.], ack 1101, win 509, length 0");
        assertThat(c.state.getHistory()).isEqualTo("ShADaw");
        assertThat(c.state.getRespZeroWindowPkts()).isEqualTo(2);
        assertThat(c.state.getRespZeroWindows()).isEqualTo(1);
        assertThat(c.types()).containsSubsequence(ConnectionEvent.Type.ZERO_WINDOW_START,
                ConnectionEvent.Type.ZERO_WINDOW_END);
        assertThat(c.events(ConnectionEvent.Type.ZERO_WINDOW_END).get(0).value()).isEqualTo(2_000L);
    }

    @Test
    void finPlusRstIsInconsistentI() {
        Conn c = Handshakes.established().send("client.40000 > server.80: Flags [FR.], seq 1001, ack 5001, win 0, length 0");
        assertThat(c.state.getHistory()).isEqualTo("ShAI");
        assertThat(c.types()).contains(ConnectionEvent.Type.INCONSISTENT_FLAGS);
    }

    @Test
    void synPlusFinIsMultiFlagQ() {
        Conn c = new Conn().send("client.40000 > server.80: Flags [SF], seq 1000, win 64240, length 0");
        assertThat(c.state.getHistory()).isEqualTo("Q");
    }

    @Test
    void caretMarksTheHeuristicFlipAndCIsNeverProduced() {
        Conn c = new Conn().send(Handshakes.SYN_ACK, Handshakes.ACK);
        assertThat(c.state.getHistory()).isEqualTo("^hA");
        assertThat(c.state.getConnState()).isEqualTo("S1");
        assertThat(c.state.getOrigPort()).isEqualTo(40000);
        assertThat(c.state.getHistory()).doesNotContain("C", "c");
    }

    @Test
    void gapsOfAPartialConnectionAreNotCountedAsZeekDoes() {
        Conn c = new Conn().send(
                "client.40000 > server.80: Flags [P.], seq 3000:3100, ack 9000, win 502, length 100",
                "server.80 > client.40000: Flags [.], ack 3200, win 509, length 0");
        assertThat(c.state.getMissedBytes()).isZero();
        assertThat(c.state.getHistory()).doesNotContain("G");
    }
}

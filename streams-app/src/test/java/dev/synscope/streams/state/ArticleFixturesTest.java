package dev.synscope.streams.state;

import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.EndReason;
import org.junit.jupiter.api.Test;

import static dev.synscope.schema.TcpState.CLOSED;
import static dev.synscope.schema.TcpState.CLOSE_WAIT;
import static dev.synscope.schema.TcpState.ESTABLISHED;
import static dev.synscope.schema.TcpState.FIN_WAIT_1;
import static dev.synscope.schema.TcpState.FIN_WAIT_2;
import static dev.synscope.schema.TcpState.LAST_ACK;
import static dev.synscope.schema.TcpState.LISTEN;
import static dev.synscope.schema.TcpState.SYN_RECEIVED;
import static dev.synscope.schema.TcpState.SYN_SENT;
import static dev.synscope.schema.TcpState.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tcpdump lines of /work/shared/seeds/tcp-protocol-understanding.txt ("TCP Protocol Understanding"),
 * with the states the article says each side is in after each packet. The article's addresses were
 * stripped; "client" and "server" stand in for them.
 */
class ArticleFixturesTest {

    @Test
    void handshakeAndDataTransferAsTheArticleDescribes() {
        Conn c = new Conn();

        c.send("15:16:05.360735 IP client.38608 > server.80: Flags [S], seq 2473414591, win 14600, "
                + "options [mss 1460,sackOK,TS val 11318107 ecr 0,nop,wscale 6], length 0");
        assertThat(c.client()).isEqualTo(SYN_SENT);
        assertThat(c.server()).isEqualTo(LISTEN);
        assertThat(c.state.getOrigIsn()).isEqualTo(2473414591L);

        c.send("15:16:05.365457 IP server.80 > client.38608: Flags [S.], seq 2879155514, ack 2473414592, win 14480, "
                + "options [mss 1460,sackOK,TS val 12134602 ecr 11318107,nop,wscale 6], length 0");
        assertThat(c.client()).as("before its ACK the client is still SYN_SENT").isEqualTo(SYN_SENT);
        assertThat(c.server()).isEqualTo(SYN_RECEIVED);
        assertThat(c.state.getRespIsn()).isEqualTo(2879155514L);
        assertThat(c.state.getSynToSynAckMicros()).isEqualTo(365457L - 360735L);

        c.send("15:16:05.368394 IP client.38608 > server.80: Flags [.], ack 2879155515, win 229, "
                + "options [nop,nop,TS val 11318115 ecr 12134602], length 0");
        assertThat(c.client()).isEqualTo(ESTABLISHED);
        assertThat(c.server()).isEqualTo(ESTABLISHED);
        assertThat(c.state.getSynAckToAckMicros()).isEqualTo(368394L - 365457L);

        c.send("15:16:05.370364 IP client.38608 > server.80: Flags [P.], seq 2473414592:2473414669, ack 2879155515, "
                + "win 229, options [nop,nop,TS val 11318117 ecr 12134602], length 77");
        assertThat(c.state.getOrigBytes()).isEqualTo(77);
        assertThat(c.state.getOrigNextSeq()).as("next sequence 2473414592+77").isEqualTo(2473414669L);

        c.send("15:16:05.373865 IP server.80 > client.38608: Flags [.], ack 2473414669, win 227, "
                + "options [nop,nop,TS val 12134610 ecr 11318117], length 0");
        c.send("15:16:05.379230 IP server.80 > client.38608: Flags [P.], seq 2879155515:2879155745, ack 2473414669, "
                + "win 227, options [nop,nop,TS val 12134615 ecr 11318117], length 230");
        assertThat(c.state.getRespBytes()).isEqualTo(230);
        assertThat(c.state.getRespNextSeq()).as("next sequence 2879155515+230").isEqualTo(2879155745L);

        // The article prints this last line as "IP > client.38608" but it is the client's ACK of the
        // 230 bytes (ack 2879155745), so it goes client > server.
        c.send("15:16:05.379394 IP client.38608 > server.80: Flags [.], ack 2879155745, win 229, "
                + "options [nop,nop,TS val 11318115 ecr 12134602], length 0");

        assertThat(c.client()).isEqualTo(ESTABLISHED);
        assertThat(c.server()).isEqualTo(ESTABLISHED);
        assertThat(c.state.getOrigBytes()).isEqualTo(77);
        assertThat(c.state.getRespBytes()).isEqualTo(230);
        assertThat(c.state.getOrigPackets()).isEqualTo(4);
        assertThat(c.state.getRespPackets()).isEqualTo(3);
        assertThat(c.state.getHistory()).isEqualTo("ShADad");
        assertThat(c.state.getConnState()).isEqualTo("S1");
        assertThat(c.state.getRolesGuessed()).isFalse();
        assertThat(c.state.getOrigPort()).isEqualTo(38608);
        assertThat(c.state.getRespPort()).isEqualTo(80);
        assertThat(c.state.getMissedBytes()).isZero();
        assertThat(c.state.getOrigRetransmits() + c.state.getRespRetransmits()).isZero();
        assertThat(c.types()).containsSubsequence(ConnectionEvent.Type.SYN_SEEN, ConnectionEvent.Type.SYN_ACK_SEEN,
                ConnectionEvent.Type.ESTABLISHED);
        assertThat(c.finalized).isEmpty();
    }

    /**
     * The article's four-way close. Its lines carry no handshake; a synthetic one (client ISN
     * 2360296248, server ISN 3247013078, so that the article's seq numbers are the next ones) precedes
     * them. The server closes first, as in the article.
     */
    @Test
    void fourWayCloseServerFirstAsTheArticleDescribes() {
        Conn c = new Conn();
        c.send("14:38:20.000000 IP client.51000 > server.80: Flags [S], seq 2360296248, win 64240, length 0",
                "14:38:20.000400 IP server.80 > client.51000: Flags [S.], seq 3247013078, ack 2360296249, win 65160, length 0",
                "14:38:20.000800 IP client.51000 > server.80: Flags [.], ack 3247013079, win 502, length 0");
        assertThat(c.client()).isEqualTo(ESTABLISHED);
        assertThat(c.server()).isEqualTo(ESTABLISHED);

        c.send("14:38:26.960139 IP server.80 > client.51000: Flags [F.], seq 3247013079, ack 2360296249, win 457, length 0");
        assertThat(c.server()).as("server ESTABLISHED -> FIN_WAIT_1").isEqualTo(FIN_WAIT_1);
        assertThat(c.client()).isEqualTo(ESTABLISHED);

        c.send("14:38:26.960613 IP client.51000 > server.80: Flags [.], ack 3247013080, win 64, length 0");
        assertThat(c.server()).as("FIN acked: FIN_WAIT_2").isEqualTo(FIN_WAIT_2);
        assertThat(c.client()).as("client got the FIN: CLOSE_WAIT").isEqualTo(CLOSE_WAIT);

        c.send("14:38:26.970265 IP client.51000 > server.80: Flags [F.], seq 2360296249, ack 3247013080, win 64, length 0");
        assertThat(c.client()).as("CLOSE_WAIT -> LAST_ACK").isEqualTo(LAST_ACK);
        assertThat(c.server()).isEqualTo(FIN_WAIT_2);
        assertThat(c.finalized).isEmpty();

        c.send("14:38:26.970327 IP server.80 > client.51000: Flags [.], ack 2360296250, win 457, length 0");
        assertThat(c.server()).as("server acks the client's FIN: TIME_WAIT").isEqualTo(TIME_WAIT);
        assertThat(c.client()).as("LAST_ACK -> CLOSED").isEqualTo(CLOSED);

        assertThat(c.state.getRespStateSinceMicros()).isEqualTo(Packets.micros("14:38:26.970327"));
        assertThat(c.types()).contains(ConnectionEvent.Type.FIN_SEEN, ConnectionEvent.Type.CLOSED_NORMALLY);
        assertThat(c.finalized).containsExactly(c.state);
        assertThat(c.finalizedReasons).containsExactly(EndReason.FIN);
        assertThat(c.state.getConnState()).isEqualTo("SF");
        assertThat(c.state.getHistory()).isEqualTo("ShAfFa");
        assertThat(c.state.getOrigBytes()).isZero();
        assertThat(c.state.getRespBytes()).isZero();

        ConnLogRecord log = c.tracker.toConnLog(c.state, EndReason.FIN, false);
        assertThat(log.getDurationMicros()).as("duration stops at the second FIN, not the last ACK")
                .isEqualTo(Packets.micros("14:38:26.970265") - Packets.micros("14:38:20.000000"));
        assertThat(log.getConnState()).isEqualTo("SF");
        assertThat(log.getOrigFinalState()).isEqualTo(CLOSED);
        assertThat(log.getRespFinalState()).isEqualTo(TIME_WAIT);
    }

    /** The same four lines alone: a connection picked up mid-stream, roles guessed from the port. */
    @Test
    void fourWayCloseSeenMidStream() {
        Conn c = new Conn();
        c.send("14:38:26.960139 IP server.80 > client.51000: Flags [F.], seq 3247013079, ack 2360296249, win 457, length 0");
        assertThat(c.state.getRolesGuessed()).isTrue();
        assertThat(c.state.getRespPort()).as("port 80 guessed as the responder").isEqualTo(80);
        assertThat(c.server()).isEqualTo(FIN_WAIT_1);
        assertThat(c.client()).isEqualTo(ESTABLISHED);

        c.send("14:38:26.960613 IP client.51000 > server.80: Flags [.], ack 3247013080, win 64, length 0");
        assertThat(c.server()).isEqualTo(FIN_WAIT_2);
        assertThat(c.client()).isEqualTo(CLOSE_WAIT);
        c.send("14:38:26.970265 IP client.51000 > server.80: Flags [F.], seq 2360296249, ack 3247013080, win 64, length 0");
        assertThat(c.client()).isEqualTo(LAST_ACK);
        c.send("14:38:26.970327 IP server.80 > client.51000: Flags [.], ack 2360296250, win 457, length 0");
        assertThat(c.server()).isEqualTo(TIME_WAIT);
        assertThat(c.client()).isEqualTo(CLOSED);
        assertThat(c.state.getHistory()).as("'^': the first packet's sender was made the responder")
                .isEqualTo("^fAFa");
        assertThat(c.state.getConnState()).isEqualTo("SF");
        assertThat(c.state.getOrigBytes()).isZero();
        assertThat(c.state.getRespBytes()).isZero();
        assertThat(c.finalizedReasons).containsExactly(EndReason.FIN);
    }
}

package dev.synscope.streams.state;

import static dev.synscope.streams.topology.Conversations.CISN;
import static dev.synscope.streams.topology.Conversations.SISN;
import static dev.synscope.streams.topology.Conversations.syn;
import static dev.synscope.streams.topology.Conversations.synAck;
import static dev.synscope.streams.topology.Packets.T0;
import static dev.synscope.streams.topology.Packets.c2s;
import static dev.synscope.streams.topology.Packets.icmp;
import static dev.synscope.streams.topology.Packets.icmpQuotingSynAck;
import static dev.synscope.streams.topology.Packets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.TcpState;
import org.junit.jupiter.api.Test;

/** The give-up rule on its own: the tracker's state after some packets, and when each side has given up. */
class GiveUpInferenceTest {

    private static final long RTO = seconds(1);
    private static final double MARGIN = 1.5;

    private static ConnectionState track(HeaderObservation... packets) {
        ConnectionTracker tracker = new ConnectionTracker();
        ConnectionState s = null;
        for (HeaderObservation p : packets) {
            s = tracker.apply(s, CanonicalKeys.of(p), p).current();
        }
        return s;
    }

    private static long origAt(ConnectionState s) {
        return GiveUpInference.giveUpAt(s, true, RTO, MARGIN);
    }

    private static long respAt(ConnectionState s) {
        return GiveUpInference.giveUpAt(s, false, RTO, MARGIN);
    }

    @Test
    void aLoneSynIsGivenUpAfterTheInitialRtoTimesTheMargin() {
        ConnectionState s = track(syn(T0, 40000, 80));
        assertThat(origAt(s)).isEqualTo(T0 + seconds(1.5));
        assertThat(respAt(s)).isEqualTo(Long.MAX_VALUE); // LISTEN: nothing to give up
        assertThat(GiveUpInference.giveUpAt(s, true, seconds(3), MARGIN)).isEqualTo(T0 + seconds(4.5));
    }

    @Test
    void theNextSynIsDueWithinTwiceTheLastGap() {
        // exponential (1, 2, 4 s): after the SYN at 7 s the next is due by 7 + 2 x 4
        assertThat(origAt(track(syn(T0, 40000, 80), syn(T0 + seconds(1), 40000, 80), syn(T0 + seconds(3), 40000, 80),
                syn(T0 + seconds(7), 40000, 80)))).isEqualTo(T0 + seconds(7 + 8 * 1.5));
        // linear (Linux 6.5+: 1, 1, 1 s): the next is due by 3 + 2 x 1 (it comes at 4, or at 5 once doubling)
        assertThat(origAt(track(syn(T0, 40000, 80), syn(T0 + seconds(1), 40000, 80), syn(T0 + seconds(2), 40000, 80),
                syn(T0 + seconds(3), 40000, 80)))).isEqualTo(T0 + seconds(3 + 2 * 1.5));
        // an old stack's 3 s first gap is learned
        assertThat(origAt(track(syn(T0, 40000, 80), syn(T0 + seconds(3), 40000, 80))))
                .isEqualTo(T0 + seconds(3 + 6 * 1.5));
    }

    @Test
    void aSynAckIsDueWithinTheTimeSinceTheFirstPlusOneRto() {
        // SYN+ACK timer 1, 2, 4 s: the next (at 15 s) is due by 7 + (7 + 4)
        ConnectionState s = track(syn(T0, 40003, 80), synAck(T0, 40003, 80), synAck(T0 + seconds(1), 40003, 80),
                synAck(T0 + seconds(3), 40003, 80), synAck(T0 + seconds(7), 40003, 80));
        assertThat(respAt(s)).isEqualTo(T0 + seconds(7 + 11 * 1.5));
        // a SYN+ACK resent at once for a retransmitted SYN (a short gap) does not shorten the wait below an RTO
        ConnectionState echoed = track(syn(T0, 40003, 80), synAck(T0, 40003, 80), syn(T0 + seconds(1), 40003, 80),
                synAck(T0 + seconds(1), 40003, 80), synAck(T0 + seconds(1.01), 40003, 80));
        assertThat(respAt(echoed)).isEqualTo(T0 + seconds(1.01) + (long) ((seconds(1.01) + RTO) * 1.5));
    }

    @Test
    void onlyHandshakesInProgressAreJudged() {
        ConnectionState established = track(syn(T0, 40000, 80), synAck(T0 + 1_000, 40000, 80),
                c2s(T0 + 2_000, 40000, 80, 0x10, CISN + 1, SISN + 1, 0));
        assertThat(origAt(established)).isEqualTo(Long.MAX_VALUE);
        assertThat(respAt(established)).isEqualTo(Long.MAX_VALUE);
        assertThat(GiveUpInference.giveUpAt(track(syn(T0, 40000, 80)), true, RTO, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void givingUpClosesTheSideAndARetransmissionTakesItBack() {
        ConnectionState s = track(syn(T0, 40000, 80));
        GiveUpInference.giveUp(s, true, T0 + seconds(1.5));
        assertThat(s.getOrigState()).isEqualTo(TcpState.CLOSED);
        assertThat(s.getVantages()).allSatisfy(v -> assertThat(v.getOrigState()).isEqualTo(TcpState.CLOSED));
        assertThat(GiveUpInference.gaveUp(s, true)).isTrue();
        assertThat(origAt(s)).isEqualTo(Long.MAX_VALUE);

        GiveUpInference.transmitted(s, true, false, T0 + seconds(3));
        assertThat(s.getOrigState()).isEqualTo(TcpState.SYN_SENT);
        assertThat(GiveUpInference.gaveUp(s, true)).isFalse();
        assertThat(origAt(s)).isEqualTo(T0 + seconds(3 + 6 * 1.5));
    }

    @Test
    void icmpErrorsCloseWhatTheKernelAborts() {
        ConnectionState hostUnreachable = track(syn(T0, 40000, 80), icmp(T0 + 5_000, 40000, 80, CISN, 3, 1, "198.51.100.1"));
        assertThat(hostUnreachable.getOrigState()).isEqualTo(TcpState.CLOSED);
        ConnectionState fragNeeded = track(syn(T0, 40000, 80), icmp(T0 + 5_000, 40000, 80, CISN, 3, 4, "198.51.100.1"));
        assertThat(fragNeeded.getOrigState()).isEqualTo(TcpState.SYN_SENT);
        ConnectionState otherSeq = track(syn(T0, 40000, 80), icmp(T0 + 5_000, 40000, 80, CISN + 7, 3, 1, "198.51.100.1"));
        assertThat(otherSeq.getOrigState()).isEqualTo(TcpState.SYN_SENT);
        ConnectionState timeExceeded = track(syn(T0, 40000, 80), icmp(T0 + 5_000, 40000, 80, CISN, 11, 0, "198.51.100.1"));
        assertThat(timeExceeded.getOrigState()).isEqualTo(TcpState.CLOSED);

        ConnectionState reversePath = track(syn(T0, 40003, 80), synAck(T0 + 1_000, 40003, 80),
                icmpQuotingSynAck(T0 + seconds(3), 40003, 80, SISN, CISN + 1, 3, 1, "192.0.2.1"));
        assertThat(reversePath.getRespState()).isEqualTo(TcpState.CLOSED);
        assertThat(GiveUpInference.gaveUp(reversePath, false)).isTrue();
        // port unreachable is not fatal to a request socket under IPv4 (tcp_v4_err aborts on net/host only)
        ConnectionState portUnreachable = track(syn(T0, 40003, 80), synAck(T0 + 1_000, 40003, 80),
                icmpQuotingSynAck(T0 + seconds(3), 40003, 80, SISN, CISN + 1, 3, 3, "192.0.2.10"));
        assertThat(portUnreachable.getRespState()).isEqualTo(TcpState.SYN_RECEIVED);
    }
}

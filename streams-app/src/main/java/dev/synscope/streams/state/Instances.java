package dev.synscope.streams.state;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.TcpState;

/**
 * Connection instances on a tuple: creating one (roles, '^', uid), deciding when a SYN starts a new one
 * (tuple reuse), and re-seating an instance when its SYN arrives after its SYN+ACK.
 */
final class Instances {

    private final TrackerConfig config;

    Instances(TrackerConfig config) {
        this.config = config;
    }

    /**
     * Tuple reuse: a SYN (no ACK) whose ISN differs from the instance's, when the instance is finished
     * (both sides CLOSED/TIME_WAIT, RST included), is only an unanswered attempt (Zeek: SYN_seq_jump), or
     * has been idle for {@link TrackerConfig#reuseAfterIdleMicros()}. A retransmitted SYN (same ISN) is not
     * reuse; a SYN with a new ISN inside a live connection is not either (it is recorded in the history).
     */
    boolean isReuse(ConnectionState c, HeaderObservation p, boolean fromOrig) {
        int flags = p.getFlags();
        if (!TcpFlags.syn(flags) || TcpFlags.ack(flags) || TcpFlags.rst(flags)) {
            return false;
        }
        long seq = p.getSeq() & SeqMath.MASK;
        Long isn = fromOrig ? c.getOrigIsn() : null;
        if (isn != null && isn == seq) {
            return false;
        }
        TcpState os = c.getOrigState();
        TcpState rs = c.getRespState();
        boolean finished = RfcStateMachine.finished(os) && RfcStateMachine.finished(rs);
        boolean attemptOnly = fromOrig && (os == TcpState.SYN_SENT || GiveUpInference.gaveUp(c, true))
                && c.getRespPackets() == 0;
        boolean idle = p.getTsMicros() - c.getLastSeenMicros() >= config.reuseAfterIdleMicros();
        return finished || attemptOnly || idle;
    }

    /**
     * A SYN that arrives after the SYN+ACK that created the instance, but carries an earlier capture time
     * (two probes' records interleaved): the instance is re-seated as if the SYN had come first, so the
     * history reads "Sh..." and Zeek's states are those of an in-order handshake.
     */
    static void reseatLateSyn(ConnectionState c) {
        String h = c.getHistory();
        if (h.startsWith("^")) {
            h = h.substring(1);
        }
        c.setHistory("S" + h);
        c.setHistorySeen(c.getHistorySeen() | ZeekHistory.SEEN_SYN);
        new Side(c, true).lastFlagSeq(Side.SYN_SLOT, 0);
        c.setTrackerFlags(c.getTrackerFlags() & ~TrackerFlags.FLIPPED_FROM_SYN_ACK);
        int packed = c.getZeekStates();
        if (ZeekEndpointStates.state(packed, true) == ZeekEndpointStates.INACTIVE) {
            boolean respUp = ZeekEndpointStates.state(packed, false) == ZeekEndpointStates.ESTABLISHED;
            packed = ZeekEndpointStates.set(packed, true, respUp ? ZeekEndpointStates.ESTABLISHED
                    : ZeekEndpointStates.SYN_SENT);
            c.setZeekStates(packed);
        }
        c.setRolesGuessed(false);
    }

    ConnectionState newInstance(ConnectionKey key, HeaderObservation p, boolean srcIsLow, boolean icmp) {
        int flags = p.getFlags();
        boolean syn = TcpFlags.syn(flags);
        boolean ack = TcpFlags.ack(flags);
        boolean srcIsOrig;
        boolean guessed;
        boolean flipped = false;
        boolean flippedFromSynAck = false;
        if (syn && !ack) {
            srcIsOrig = true;
            guessed = false;
        } else if (icmp) {
            srcIsOrig = true; // the quoted segment's sender reached out towards the reporter
            guessed = true;
        } else if (syn) {
            srcIsOrig = false; // a SYN+ACK's sender is the responder
            guessed = false;
            flipped = true;
            flippedFromSynAck = true;
        } else if (config.guessRoles()) {
            srcIsOrig = !RoleGuess.sourceIsResponder(p.getSrcPort(), p.getDstPort());
            guessed = true;
            flipped = !srcIsOrig;
        } else {
            srcIsOrig = true;
            guessed = true;
        }
        boolean origIsLow = srcIsLow == srcIsOrig;
        long seed = syn && !ack && !icmp ? p.getSeq() : p.getTsMicros();
        ConnectionState c = ConnectionState.newBuilder()
                .setUid(ConnectionUids.uid(key, seed, p.getProbeId()))
                .setIpVersion(key.getIpVersion())
                .setOrigAddr(CanonicalKeys.addressText(srcIsOrig ? p.getSrcAddr() : p.getDstAddr()))
                .setOrigPort(srcIsOrig ? p.getSrcPort() : p.getDstPort())
                .setRespAddr(CanonicalKeys.addressText(srcIsOrig ? p.getDstAddr() : p.getSrcAddr()))
                .setRespPort(srcIsOrig ? p.getDstPort() : p.getSrcPort())
                .setRolesGuessed(guessed)
                .setOrigIsLow(origIsLow)
                .setFirstSeenMicros(p.getTsMicros())
                .setLastSeenMicros(p.getTsMicros())
                .setActiveUntilMicros(p.getTsMicros())
                .build();
        if (flipped) {
            ZeekHistory.flip(c);
        }
        if (flippedFromSynAck) {
            c.setTrackerFlags(c.getTrackerFlags() | TrackerFlags.FLIPPED_FROM_SYN_ACK);
        }
        return c;
    }
}

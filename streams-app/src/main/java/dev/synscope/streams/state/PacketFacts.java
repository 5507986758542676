package dev.synscope.streams.state;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.TcpState;

/**
 * What one TCP packet means for the endpoint state machine, computed once from the connection's
 * combined sequence knowledge before the packet is applied (so the same facts drive the combined
 * states and the states of the vantage point that saw it).
 *
 * @param fromOrig          sent by the originator
 * @param flags             TCP flags
 * @param len               payload length
 * @param synAckGood        a SYN+ACK from the responder that acks the originator's ISN+1 (or the ISN is unknown)
 * @param acksPeerSyn       the ack covers the peer's SYN (or first byte, for a mid-stream pick-up)
 * @param acksPeerData      the ack covers peer payload beyond its SYN
 * @param acksPeerFin       the ack covers the peer's FIN
 * @param peerFinSent       the peer has sent a FIN (seen by any vantage)
 * @param rstAcceptable     for a RST: its seq is acceptable to the receiver (RFC 9293 / RFC 5961)
 * @param rstAfterBadSynAck for a RST from the originator: it answers a SYN+ACK whose ack was wrong
 */
record PacketFacts(boolean fromOrig, int flags, int len, boolean synAckGood, boolean acksPeerSyn,
                   boolean acksPeerData, boolean acksPeerFin, boolean peerFinSent, boolean rstAcceptable,
                   boolean rstAfterBadSynAck) {

    static PacketFacts of(TrackerConfig config, ConnectionState c, Side s, Side q, HeaderObservation p,
                          boolean fromOrig) {
        int flags = p.getFlags();
        boolean syn = TcpFlags.syn(flags);
        boolean ack = TcpFlags.ack(flags);
        boolean rst = TcpFlags.rst(flags);
        long seq = p.getSeq() & SeqMath.MASK;
        long ackNo = p.getAck() & SeqMath.MASK;
        Long origIsn = c.getOrigIsn();
        boolean synAckGood = syn && ack && !fromOrig && (origIsn == null || ackNo == ((origIsn + 1) & SeqMath.MASK));
        long ackRel = -1;
        if (ack && q.hasBase()) {
            long r = SeqMath.unwrap(ackNo, q.seqBase(), Math.max(q.ackedRel(), q.maxRel()));
            if (r >= 0 && r <= q.maxRel() + config.ackAheadLimitBytes()) {
                ackRel = r;
            }
        }
        boolean acksPeerSyn = ack && (!q.hasBase() || ackRel >= 1);
        boolean acksPeerData = ack && ackRel > 1;
        boolean acksPeerFin = ack && q.finSent() && ackRel >= q.finRel();

        boolean acceptable = true;
        boolean afterBadSynAck = false;
        if (rst) {
            TcpState os = c.getOrigState();
            TcpState rs = c.getRespState();
            if (fromOrig && c.getBadSynAckAck() >= 0 && !RfcStateMachine.synchronizedOrLater(os)) {
                afterBadSynAck = true;
                acceptable = seq == c.getBadSynAckAck();
            } else if (!fromOrig && os == TcpState.SYN_SENT && !RfcStateMachine.synchronizedOrLater(rs)) {
                // RFC 9293 3.10.7.3, SYN-SENT: a RST is acceptable only if it acks our SYN.
                Long respIsn = c.getRespIsn();
                acceptable = origIsn == null
                        || (ack && ackNo == ((origIsn + 1) & SeqMath.MASK))
                        || (respIsn != null && seq == ((respIsn + 1) & SeqMath.MASK));
            } else if (fromOrig && os == TcpState.SYN_SENT) {
                acceptable = true; // the originator abandons its own attempt
            } else if (s.hasBase()) {
                acceptable = rstInWindow(s, q, seq);
            }
        }
        return new PacketFacts(fromOrig, flags, Math.max(0, p.getPayloadLength()), synAckGood, acksPeerSyn,
                acksPeerData, acksPeerFin, q.finSent(), acceptable, afterBadSynAck);
    }

    /**
     * RFC 9293 3.10.7.4 with RFC 5961 3.2: a RST is acceptable when its seq falls in the receiver's
     * window [RCV.NXT, RCV.NXT + RCV.WND). RCV.NXT is the receiver's highest ack (or, before any, the
     * sender's highest sequence seen); RCV.WND its last advertised window, scaled when both SYNs offered
     * scaling, and taken as 1 GiB when never seen. A RST at the sender's own next sequence is accepted.
     */
    static boolean rstInWindow(Side sender, Side receiver, long seq) {
        long rstRel = SeqMath.unwrap(seq, sender.seqBase(), sender.maxRel());
        long rcvNxt = sender.ackedRel() > 0 ? sender.ackedRel() : sender.maxRel();
        long window;
        if (receiver.window() < 0) {
            window = 1L << 30;
        } else {
            int scale = receiver.windowScale() >= 0 && sender.windowScale() >= 0 ? receiver.windowScale() : 0;
            window = ((long) receiver.window()) << scale;
        }
        long offset = rstRel - rcvNxt;
        return offset == 0 || (offset > 0 && offset < Math.max(1, window)) || rstRel == sender.maxRel();
    }

    boolean syn() { return TcpFlags.syn(flags); }
    boolean ack() { return TcpFlags.ack(flags); }
    boolean fin() { return TcpFlags.fin(flags); }
    boolean rst() { return TcpFlags.rst(flags); }
}

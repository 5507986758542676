package dev.synscope.streams.state;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.streams.state.ConnectionEvent.Type;

import java.util.List;

/**
 * Sequence-space bookkeeping of both directions: bases (ISNs), highest sequence, trusted acks,
 * retransmissions, out-of-order segments, content gaps and windows; Zeek's init_endpoint,
 * update_ack_seq, update_last_seq, update_window and TCP_Reassembler::AckReceived, with the guards
 * against ISN changes and sequence jumps that keep byte counts sane (user-asks.md #3).
 */
final class SequenceSpace {

    private final TrackerConfig config;

    SequenceSpace(TrackerConfig config) {
        this.config = config;
    }

    /** Zeek's init_endpoint: sets the sender's sequence base on its first packet or on a new ISN. */
    static void initEndpoint(ConnectionState c, Side s, int flags, long seq, int segLen) {
        boolean syn = TcpFlags.syn(flags);
        int zs = ZeekEndpointStates.state(c.getZeekStates(), s.orig);
        boolean reinit = false;
        switch (zs) {
            case ZeekEndpointStates.INACTIVE -> {
                if (syn) {
                    setBase(s, seq, segLen, true);
                } else {
                    // Partial connection: numbered as though a SYN had come just before the first byte.
                    setBase(s, (seq - 1) & SeqMath.MASK, 1, false);
                }
                return;
            }
            case ZeekEndpointStates.SYN_SENT, ZeekEndpointStates.SYN_ACK_SENT -> reinit = syn && seq != s.seqBase();
            // Deviation from Zeek (which re-bases on any SYN here): only while the side has sent no data,
            // so a stray SYN cannot wipe the byte count of a running connection.
            case ZeekEndpointStates.ESTABLISHED, ZeekEndpointStates.PARTIAL ->
                    reinit = syn && seq != s.seqBase() && s.maxRel() <= 1;
            case ZeekEndpointStates.RESET -> reinit = syn
                    && ZeekEndpointStates.previous(c.getZeekStates(), s.orig) == ZeekEndpointStates.INACTIVE;
            default -> { }
        }
        if (reinit) {
            // A new ISN (e.g. a SYN+ACK retransmitted with a new ISN): byte counts restart from it.
            setBase(s, seq, segLen, true);
            s.finRel(-1);
        }
    }

    static void setBase(Side s, long base, long maxRel, boolean fromSyn) {
        s.seqBase(base);
        s.maxRel(maxRel);
        s.contigRel(maxRel);
        s.aheadRel(0);
        s.ackedRel(0);
        if (fromSyn) {
            s.isn(base);
        }
    }

    /** ACK field: Zeek's init_peer / update_ack_seq, with the ack-ahead guard. Returns the trusted relative ack or -1. */
    long acknowledge(ConnectionState c, Side q, HeaderObservation p, boolean syn, boolean rst,
                             List<ConnectionEvent> events) {
        long ack = p.getAck() & SeqMath.MASK;
        boolean fromOrig = !q.orig;
        if (ZeekEndpointStates.state(c.getZeekStates(), q.orig) == ZeekEndpointStates.INACTIVE) {
            if (q.isn() == null) {
                // Zeek's init_peer: the peer is numbered from this ack until it sends something itself.
                q.seqBase((ack - 1) & SeqMath.MASK);
                q.maxRel(1); // its next sequence is the ack; nothing of it seen yet (size stays 0)
                q.ackedRel(0);
                q.contigRel(1);
                q.aheadRel(0);
                return 1;
            }
        }
        if (!q.hasBase()) {
            return -1;
        }
        long ackRel = SeqMath.unwrap(ack, q.seqBase(), Math.max(q.ackedRel(), q.maxRel()));
        long pending = q.seqJumpRel();
        if (ackRel > q.maxRel() + config.ackAheadLimitBytes() && pending != 0
                && Math.abs(ackRel - pending) <= config.ackAheadLimitBytes()) {
            // The receiver acks near a segment that had jumped far ahead: the sender really is there (a capture
            // gap, or the base came from a bogus or stale ISN). Re-synchronize there: what was counted so far is
            // carried over, the jumped-over range is not counted (at most one segment is lost from the count,
            // never gigabytes gained).
            q.seqJumpRel(0);
            q.carriedBytes(q.sizeFromSequenceSpace());
            q.seqBase(SeqMath.abs(q.seqBase(), pending - 1));
            q.maxRel(1);
            q.contigRel(1);
            q.aheadRel(0);
            q.ackedRel(0);
            q.finRel(-1);
            ackRel = 1 + ackRel - pending;
        }
        if (ackRel < 0 || ackRel > q.maxRel() + config.ackAheadLimitBytes()) {
            if (!syn) {
                events.add(ConnectionEvent.of(Type.ACK_OUT_OF_WINDOW, p, fromOrig, "ack " + ack + " outside "
                        + SeqMath.abs(q.seqBase(), 0) + ".." + SeqMath.abs(q.seqBase(), q.maxRel()), ack));
            }
            return -1;
        }
        if (!rst && ackRel > q.ackedRel()) {
            q.ackedRel(ackRel);
        }
        return ackRel;
    }

    /** Zeek's update_last_seq plus our out-of-order bookkeeping. */
    void highestSeq(ConnectionState c, Side s, HeaderObservation p, int flags, long rel, int segLen, int len,
                            boolean underflow, boolean stale, List<ConnectionEvent> events) {
        boolean syn = TcpFlags.syn(flags);
        boolean rst = TcpFlags.rst(flags);
        boolean fin = TcpFlags.fin(flags);
        long end = rel + segLen;
        long prevMax = s.maxRel();
        long deltaLast = end - prevMax;
        int zs = ZeekEndpointStates.state(c.getZeekStates(), s.orig);
        if ((syn || rst) && Math.abs(deltaLast) > SeqMath.TOO_LARGE_SEQ_DELTA) {
            return; // an outlandish SYN/RST sequence is not trusted
        }
        // Zeek also trusts any FIN right after the SYN (for captures filtered to SYN/FIN/RST); our probes see
        // every packet, so such a FIN goes through the same jump guard as data.
        if (zs == ZeekEndpointStates.RESET) {
            return; // nothing after a RST is trusted
        } else if (deltaLast > config.ackAheadLimitBytes()) {
            // Far beyond anything seen: a stray or forged segment, or a capture gap. Trusted only once the
            // receiver acks near it (see acknowledge); until then it moves no counter.
            s.seqJumpRel(end);
            if (!stale) {
                events.add(ConnectionEvent.of(Type.SEQ_OUT_OF_WINDOW, p, s.orig, "seq " + p.getSeq() + " is " + deltaLast
                        + " bytes beyond the highest seen", p.getSeq()));
            }
            return;
        } else if (deltaLast > 0) {
            s.maxRel(end);
        } else if (len > 0 && !(syn && prevMax == end)) {
            s.retransmits(s.retransmits() + 1);
            if (!stale) {
                ZeekHistory.scaled(s, 'T', s.retransmits());
                events.add(ConnectionEvent.of(Type.RETRANSMISSION, p, s.orig, "seq " + p.getSeq() + " length " + len
                        + " already seen", s.retransmits()));
            }
        }
        if (rst || segLen == 0 || underflow) {
            return;
        }
        long start = syn ? rel + 1 : rel;
        if (start > s.contigRel()) {
            if (start > prevMax && deltaLast > 0) {
                s.outOfOrder(s.outOfOrder() + 1);
                if (!stale) {
                    events.add(ConnectionEvent.of(Type.OUT_OF_ORDER, p, s.orig, "seq " + p.getSeq() + " arrived "
                            + (start - prevMax) + " bytes ahead of the next expected", start - prevMax));
                }
            }
            if (s.aheadRel() == 0 || start < s.aheadRel()) {
                s.aheadRel(start);
            }
        } else {
            s.contigRel(Math.max(s.contigRel(), end));
            if (s.aheadRel() != 0 && s.contigRel() >= s.aheadRel()) {
                s.contigRel(Math.max(s.contigRel(), s.maxRel()));
                s.aheadRel(0);
            }
        }
    }

    /**
     * Zeek's TCP_Reassembler::AckReceived: an ACK above the contiguous edge of the data seen from the
     * peer writes the unseen bytes off as a content gap (missed_bytes, 'G'). The FIN octet is not data;
     * RST acks are not trusted; the first ack of a mid-stream pick-up is not a gap; gaps count only while
     * both Zeek endpoint states are established or cleanly closing (Zeek's TCP_Reassembler::Gap).
     */
    static void contentGap(ConnectionState c, Side q, long ackRel) {
        long a = ackRel;
        if (q.finSent() && a >= q.finRel()) {
            a = q.finRel() - 1;
        }
        // Zeek's Undelivered: the first ack of a partial connection is no gap; Zeek's Gap: gaps count only while
        // both endpoints are established or cleanly closing (else they arise from RSTs or partial pick-ups).
        boolean partialStart = q.isn() == null && a <= 2;
        int zeek = c.getZeekStates();
        boolean clean = ZeekEndpointStates.establishedOrCleanlyClosing(zeek, true)
                && ZeekEndpointStates.establishedOrCleanlyClosing(zeek, false);
        for (int guard = 0; a > q.contigRel() && guard < 4; guard++) {
            long ahead = q.aheadRel();
            if (ahead != 0 && q.contigRel() >= ahead) {
                q.contigRel(Math.max(q.contigRel(), q.maxRel()));
                q.aheadRel(0);
                continue;
            }
            long gapEnd = ahead != 0 && ahead < a ? ahead : a;
            long missing = gapEnd - q.contigRel();
            q.contigRel(gapEnd);
            if (partialStart || !clean || missing <= 0) {
                continue;
            }
            q.gaps(q.gaps() + 1);
            c.setMissedBytes(c.getMissedBytes() + missing);
            ZeekHistory.scaled(q, 'G', q.gaps());
        }
    }

    /** Zeek's zero-window rule for 'W', plus our zero-window episodes. */
    static void window(ConnectionState c, Side s, Side q, HeaderObservation p, long ts,
                               List<ConnectionEvent> events) {
        int flags = p.getFlags();
        boolean rst = TcpFlags.rst(flags);
        boolean zero = p.getWindow() == 0;
        int packed = c.getZeekStates();
        if (zero && !rst && ZeekEndpointStates.state(packed, q.orig) != ZeekEndpointStates.CLOSED
                && ZeekEndpointStates.state(packed, s.orig) != ZeekEndpointStates.RESET) {
            s.zeroWindowPkts(s.zeroWindowPkts() + 1);
            ZeekHistory.scaled(s, 'W', s.zeroWindowPkts());
        }
        if (rst) {
            return;
        }
        if (zero && !TcpFlags.syn(flags) && s.zeroWindowSince() == 0) {
            s.zeroWindows(s.zeroWindows() + 1);
            s.zeroWindowSince(ts);
            events.add(ConnectionEvent.of(Type.ZERO_WINDOW_START, p, s.orig, "window 0 advertised", s.zeroWindows()));
        } else if (!zero && s.zeroWindowSince() != 0) {
            long length = ts - s.zeroWindowSince();
            s.zeroWindowSince(0);
            events.add(ConnectionEvent.of(Type.ZERO_WINDOW_END, p, s.orig, "window " + p.getWindow() + " after "
                    + length + " us at zero", length));
        }
        s.window(p.getWindow());
    }
}

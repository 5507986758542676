package dev.synscope.streams.state;

import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.TcpState;

import java.util.ArrayList;
import java.util.List;

/**
 * One direction (originator or responder) of a {@link ConnectionState}: a view that reads and
 * writes the orig* or resp* fields, so that the per-direction logic is written once.
 */
final class Side {

    static final int SYN_SLOT = 0;
    static final int FIN_SLOT = 1;
    static final int RST_SLOT = 2;

    private final ConnectionState c;
    final boolean orig;
    /** History letters this view did not record because the history was at its cap (see ZeekHistory). */
    int historyCut;

    Side(ConnectionState c, boolean orig) {
        this.c = c;
        this.orig = orig;
    }

    ConnectionState conn() {
        return c;
    }

    long seqBase() { return orig ? c.getOrigSeqBase() : c.getRespSeqBase(); }
    void seqBase(long v) { if (orig) c.setOrigSeqBase(v); else c.setRespSeqBase(v); }
    boolean hasBase() { return seqBase() >= 0; }

    Long isn() { return orig ? c.getOrigIsn() : c.getRespIsn(); }
    void isn(Long v) { if (orig) c.setOrigIsn(v); else c.setRespIsn(v); }

    long maxRel() { return orig ? c.getOrigMaxRel() : c.getRespMaxRel(); }
    void maxRel(long v) { if (orig) c.setOrigMaxRel(v); else c.setRespMaxRel(v); }

    long ackedRel() { return orig ? c.getOrigAckedRel() : c.getRespAckedRel(); }
    void ackedRel(long v) { if (orig) c.setOrigAckedRel(v); else c.setRespAckedRel(v); }

    long contigRel() { return orig ? c.getOrigContigRel() : c.getRespContigRel(); }
    void contigRel(long v) { if (orig) c.setOrigContigRel(v); else c.setRespContigRel(v); }

    long aheadRel() { return orig ? c.getOrigAheadRel() : c.getRespAheadRel(); }
    void aheadRel(long v) { if (orig) c.setOrigAheadRel(v); else c.setRespAheadRel(v); }

    long carriedBytes() { return orig ? c.getOrigCarriedBytes() : c.getRespCarriedBytes(); }
    void carriedBytes(long v) { if (orig) c.setOrigCarriedBytes(v); else c.setRespCarriedBytes(v); }

    long seqJumpRel() { return orig ? c.getOrigSeqJumpRel() : c.getRespSeqJumpRel(); }
    void seqJumpRel(long v) { if (orig) c.setOrigSeqJumpRel(v); else c.setRespSeqJumpRel(v); }

    long finRel() { return orig ? c.getOrigFinRel() : c.getRespFinRel(); }
    void finRel(long v) { if (orig) c.setOrigFinRel(v); else c.setRespFinRel(v); }
    boolean finSent() { return finRel() >= 0; }

    Long nextSeq() { return orig ? c.getOrigNextSeq() : c.getRespNextSeq(); }
    void nextSeq(Long v) { if (orig) c.setOrigNextSeq(v); else c.setRespNextSeq(v); }

    long bytes() { return orig ? c.getOrigBytes() : c.getRespBytes(); }
    void bytes(long v) { if (orig) c.setOrigBytes(v); else c.setRespBytes(v); }

    long packets() { return orig ? c.getOrigPackets() : c.getRespPackets(); }
    void packets(long v) { if (orig) c.setOrigPackets(v); else c.setRespPackets(v); }

    long ipBytes() { return orig ? c.getOrigIpBytes() : c.getRespIpBytes(); }
    void ipBytes(long v) { if (orig) c.setOrigIpBytes(v); else c.setRespIpBytes(v); }

    long retransmits() { return orig ? c.getOrigRetransmits() : c.getRespRetransmits(); }
    void retransmits(long v) { if (orig) c.setOrigRetransmits(v); else c.setRespRetransmits(v); }

    long outOfOrder() { return orig ? c.getOrigOutOfOrder() : c.getRespOutOfOrder(); }
    void outOfOrder(long v) { if (orig) c.setOrigOutOfOrder(v); else c.setRespOutOfOrder(v); }

    long zeroWindows() { return orig ? c.getOrigZeroWindows() : c.getRespZeroWindows(); }
    void zeroWindows(long v) { if (orig) c.setOrigZeroWindows(v); else c.setRespZeroWindows(v); }

    long zeroWindowPkts() { return orig ? c.getOrigZeroWindowPkts() : c.getRespZeroWindowPkts(); }
    void zeroWindowPkts(long v) { if (orig) c.setOrigZeroWindowPkts(v); else c.setRespZeroWindowPkts(v); }

    long zeroWindowSince() { return orig ? c.getOrigZeroWindowSince() : c.getRespZeroWindowSince(); }
    void zeroWindowSince(long v) { if (orig) c.setOrigZeroWindowSince(v); else c.setRespZeroWindowSince(v); }

    long gaps() { return orig ? c.getOrigGaps() : c.getRespGaps(); }
    void gaps(long v) { if (orig) c.setOrigGaps(v); else c.setRespGaps(v); }

    int window() { return orig ? c.getOrigWindow() : c.getRespWindow(); }
    void window(int v) { if (orig) c.setOrigWindow(v); else c.setRespWindow(v); }

    int windowScale() { return orig ? c.getOrigWindowScale() : c.getRespWindowScale(); }
    void windowScale(int v) { if (orig) c.setOrigWindowScale(v); else c.setRespWindowScale(v); }

    TcpState state() { return orig ? c.getOrigState() : c.getRespState(); }

    void state(TcpState v, long ts) {
        if (state() == v) {
            return;
        }
        if (orig) {
            c.setOrigState(v);
            c.setOrigStateSinceMicros(ts);
        } else {
            c.setRespState(v);
            c.setRespStateSinceMicros(ts);
        }
    }

    List<Integer> ttls() { return orig ? c.getOrigTtls() : c.getRespTtls(); }
    void ttls(List<Integer> v) { if (orig) c.setOrigTtls(v); else c.setRespTtls(v); }

    /** Adds a TTL/hop limit to the direction's distinct, bounded list. */
    void addTtl(int ttl, int max) {
        List<Integer> ttls = ttls();
        if (ttl <= 0 || ttls.contains(ttl) || ttls.size() >= max) {
            return;
        }
        List<Integer> copy = new ArrayList<>(ttls.size() + 1);
        copy.addAll(ttls);
        copy.add(ttl);
        ttls(copy);
    }

    /** Last SYN/FIN/RST relative sequence for Zeek's history repetition rule; -1 when none. */
    long lastFlagSeq(int slot) {
        List<Long> l = orig ? c.getOrigLastFlagSeqs() : c.getRespLastFlagSeqs();
        return l.size() > slot ? l.get(slot) : -1L;
    }

    void lastFlagSeq(int slot, long v) {
        List<Long> l = orig ? c.getOrigLastFlagSeqs() : c.getRespLastFlagSeqs();
        if (l.size() < 3 || !(l instanceof ArrayList || l instanceof org.apache.avro.generic.GenericData.Array)) {
            List<Long> copy = new ArrayList<>(3);
            for (int i = 0; i < 3; i++) {
                copy.add(i < l.size() ? l.get(i) : -1L);
            }
            l = copy;
            if (orig) c.setOrigLastFlagSeqs(l); else c.setRespLastFlagSeqs(l);
        }
        l.set(slot, v);
    }

    /**
     * Payload bytes from sequence space, as Zeek's TCP_Endpoint::Size(), plus the bytes carried over from
     * before a re-base (see ConnectionTracker's confirmed sequence jumps).
     */
    long sizeFromSequenceSpace() {
        if (!hasBase()) {
            return carriedBytes();
        }
        long size = Math.max(maxRel(), ackedRel());
        if (size > 0) {
            size--; // the SYN octet (or the octet before a mid-stream pick-up's first byte)
        }
        if (finSent() && size > 0) {
            size--; // the FIN octet
        }
        return carriedBytes() + size;
    }
}

package dev.synscope.streams.state;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnLogRecord;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.EndReason;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.IcmpError;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.TcpState;
import dev.synscope.schema.VantageStats;
import dev.synscope.schema.serde.SynScopeSerdes;
import dev.synscope.streams.state.ConnectionEvent.Type;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The pure per-connection TCP logic: applies one header observation to one connection's state.
 * No Kafka, no clock: time comes only from the packets' capture times.
 *
 * <p>{@link #apply} MAY mutate and return {@code previous} (it does, to avoid a copy per packet):
 * callers must not keep using the object they passed in as an unchanged snapshot. A finalized
 * previous instance (tuple reuse) is returned untouched in {@link TrackerUpdate#finalized()}.
 *
 * <p>Per packet, in this order (Zeek's order where Zeek defines one): duplicate check, tuple reuse,
 * facts for the state machines, counters, sequence bases (Zeek init_endpoint), history, window,
 * handshake bookkeeping, ACK, highest sequence / retransmission, Zeek endpoint states, RFC 9293
 * states (combined, then the vantage's own), content gaps, sizes, conn_state.
 *
 * <p>Several probes: a packet seen by two probes (same direction, seq, ack, flags, length, IP id and
 * window, within {@link TrackerConfig#crossProbeWindowMicros()}) is counted once in the combined
 * counters and once in each probe's {@link VantageStats}; see {@link PacketFingerprints}.
 */
public final class ConnectionTracker {

    private static final int NOT_LISTED = Vantages.NOT_LISTED;

    static {
        // Avro builders copy schema defaults through classes Avro must trust; the serdes install that
        // trust (TrustedSchemaClasses). Touch them so the tracker also works before any serde is used.
        Objects.requireNonNull(SynScopeSerdes.CONNECTION_STATE);
    }

    private final TrackerConfig config;
    private final SequenceSpace sequences;
    private final Vantages vantages;
    private final Instances instances;

    public ConnectionTracker(TrackerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.sequences = new SequenceSpace(config);
        this.vantages = new Vantages(config);
        this.instances = new Instances(config);
    }

    public ConnectionTracker() {
        this(TrackerConfig.defaults());
    }

    public TrackerConfig config() {
        return config;
    }

    /**
     * Applies one observation. HEARTBEAT and END_OF_CAPTURE are not packets of the connection: the
     * state comes back unchanged with no events.
     *
     * @throws ObservationMismatchException when the packet's endpoints are not the key's
     */
    public TrackerUpdate apply(ConnectionState previousOrNull, ConnectionKey key, HeaderObservation packet) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(packet, "packet");
        ObservationKind kind = packet.getKind();
        if (kind == ObservationKind.HEARTBEAT || kind == ObservationKind.END_OF_CAPTURE) {
            return new TrackerUpdate(previousOrNull, null, null, List.of());
        }
        boolean srcIsLow = sourceIsLow(key, packet);
        List<ConnectionEvent> events = new ArrayList<>(4);
        if (kind == ObservationKind.ICMP_ERROR) {
            return applyIcmp(previousOrNull, key, packet, srcIsLow, events);
        }

        ConnectionState c = previousOrNull;
        ConnectionState finalized = null;
        EndReason reason = null;
        if (c != null) {
            boolean fromOrig = srcIsLow == c.getOrigIsLow();
            int vantage = vantages.findVantage(c, packet.getProbeId());
            long fingerprint = PacketFingerprints.entry(packet, fromOrig, vantage);
            switch (PacketFingerprints.check(c, fingerprint, config.crossProbeWindowMicros())) {
                case DUPLICATE_RECORD -> {
                    return new TrackerUpdate(c, null, null, List.of());
                }
                case OTHER_VANTAGE -> {
                    vantage = vantages.vantageIndex(c, packet.getProbeId(), packet.getTsMicros());
                    fingerprint = PacketFingerprints.entry(packet, fromOrig, vantage);
                    PacketFingerprints.remember(c, fingerprint, config.dedupRingSize());
                    vantages.seenByAnotherVantage(c, packet, fromOrig, vantage, events);
                    return new TrackerUpdate(c, null, null, events);
                }
                default -> { }
            }
            if (instances.isReuse(c, packet, fromOrig)) {
                finalized = c;
                reason = EndReason.TUPLE_REUSE;
                c = null;
            } else {
                vantage = vantages.vantageIndex(c, packet.getProbeId(), packet.getTsMicros());
                fingerprint = PacketFingerprints.entry(packet, fromOrig, vantage);
                boolean closed = tcp(c, packet, fromOrig, vantage, events);
                PacketFingerprints.remember(c, fingerprint, config.dedupRingSize());
                if (closed) {
                    finalized = c;
                    reason = closeReason(c);
                }
                return new TrackerUpdate(c, finalized, reason, events);
            }
        }

        c = instances.newInstance(key, packet, srcIsLow, false);
        if (finalized != null) {
            events.add(ConnectionEvent.of(Type.TUPLE_REUSED, packet, srcIsLow == c.getOrigIsLow(),
                    "new SYN seq " + packet.getSeq() + " after " + finalized.getUid() + " ("
                            + finalized.getOrigState() + "/" + finalized.getRespState() + ")", packet.getSeq()));
        }
        boolean fromOrig = srcIsLow == c.getOrigIsLow();
        if (c.getRolesGuessed()) {
            events.add(ConnectionEvent.of(Type.MIDSTREAM_PICKUP, packet, fromOrig, "no SYN seen: port " + c.getRespPort()
                    + " taken as the responder", c.getRespPort()));
        }
        int vantage = vantages.vantageIndex(c, packet.getProbeId(), packet.getTsMicros());
        long fingerprint = PacketFingerprints.entry(packet, fromOrig, vantage);
        boolean closed = tcp(c, packet, fromOrig, vantage, events);
        PacketFingerprints.remember(c, fingerprint, config.dedupRingSize());
        if (closed && finalized == null) {
            finalized = c;
            reason = closeReason(c);
        }
        return new TrackerUpdate(c, finalized, reason, events);
    }

    /**
     * A half-duplex attempt: the originator sent a SYN and then more than SYNs (ACKs, data), and the
     * responder was never heard (Zeek: originator SYN_SENT, responder INACTIVE). What a capture of one
     * direction of a connection looks like (asymmetric routing, a tap on one fibre).
     */
    public static boolean halfDuplexAttempt(ConnectionState s) {
        return s.getSynMicros() > 0 && s.getOrigPackets() > s.getOrigSynCount()
                && ZeekEndpointStates.attemptUnanswered(s.getZeekStates());
    }

    /** Builds the Zeek-like log record of a connection. */
    public ConnLogRecord toConnLog(ConnectionState s, EndReason reason, boolean interim) {
        return ConnLogs.toConnLog(s, reason, interim);
    }

    // ------------------------------------------------------------------ TCP

    /** Applies a TCP packet; returns true when it closed the connection (both FINs acked, or a RST). */
    private boolean tcp(ConnectionState c, HeaderObservation p, boolean fromOrig, int vantage,
                        List<ConnectionEvent> events) {
        long ts = p.getTsMicros();
        int flags = p.getFlags();
        boolean syn = TcpFlags.syn(flags);
        boolean ack = TcpFlags.ack(flags);
        boolean fin = TcpFlags.fin(flags);
        boolean rst = TcpFlags.rst(flags);
        int len = Math.max(0, p.getPayloadLength());
        long seq = p.getSeq() & SeqMath.MASK;
        Side s = new Side(c, fromOrig);
        Side q = new Side(c, !fromOrig);
        boolean stale = ts < c.getLastSeenMicros() - config.outOfOrderGraceMicros();

        if ((syn && fin) || (syn && rst) || (fin && rst) || (flags & 0x3F) == 0) {
            events.add(ConnectionEvent.of(Type.INCONSISTENT_FLAGS, p, fromOrig, TcpFlags.describe(flags), flags));
        }

        boolean reseated = !stale && syn && !ack && fromOrig && ts < c.getFirstSeenMicros()
                && (c.getTrackerFlags() & TrackerFlags.FLIPPED_FROM_SYN_ACK) != 0 && c.getOrigIsn() == null;
        if (reseated) {
            Instances.reseatLateSyn(c);
        }

        if (!stale) {
            GiveUpInference.heardFrom(c, fromOrig, flags, ts);
        }
        PacketFacts f = PacketFacts.of(config, c, s, q, p, fromOrig);
        if (rst && !stale) {
            rstEvents(c, s, p, f, events);
        }

        // time and counters
        c.setFirstSeenMicros(Math.min(c.getFirstSeenMicros(), ts));
        c.setLastSeenMicros(Math.max(c.getLastSeenMicros(), ts));
        s.packets(s.packets() + 1);
        s.ipBytes(s.ipBytes() + Math.max(0, p.getIpLength()));
        s.addTtl(p.getTtl(), config.maxTtlsPerDirection());
        VantageStats v = vantage == NOT_LISTED ? null : c.getVantages().get(vantage);
        if (v != null) {
            Vantages.countForVantage(v, fromOrig, ts);
        }

        // sequence space (Zeek init_endpoint / get_relative_seq)
        int segLen = len + (syn ? 1 : 0) + (fin ? 1 : 0) - (rst ? len : 0);
        Long isnBefore = s.isn();
        SequenceSpace.initEndpoint(c, s, flags, seq, segLen);
        long rel = SeqMath.unwrap(seq, s.seqBase(), s.maxRel());
        boolean underflow = rel < 0;

        if (!stale && !reseated) {
            ZeekHistory.update(s, flags, rel, len);
        }
        if (!stale) {
            SequenceSpace.window(c, s, q, p, ts, events);
        }
        if ((c.getTrackerFlags() & (TrackerFlags.DID_CLOSE_ORIG | TrackerFlags.DID_CLOSE_RESP)) != (TrackerFlags.DID_CLOSE_ORIG | TrackerFlags.DID_CLOSE_RESP)) {
            c.setActiveUntilMicros(Math.max(c.getActiveUntilMicros(), ts));
        }
        if (syn) {
            s.windowScale(p.getWindowScale() == null ? -1 : Math.min(14, p.getWindowScale()));
            if (!stale) {
                handshakeEvents(c, p, f, fromOrig, vantage, isnBefore, events);
            }
        }
        if (fin && !underflow) {
            if (!s.finSent() && !stale) {
                events.add(ConnectionEvent.of(Type.FIN_SEEN, p, fromOrig, "FIN seq " + seq, seq));
            }
            s.finRel(Math.max(s.finRel(), rel + segLen));
        }

        long ackRel = ack ? sequences.acknowledge(c, q, p, syn, rst, events) : -1;
        sequences.highestSeq(c, s, p, flags, rel, segLen, len, underflow, stale, events);

        boolean closed = false;
        if (!stale) {
            int tf = c.getTrackerFlags();
            int didCloseBit = fromOrig ? TrackerFlags.DID_CLOSE_ORIG : TrackerFlags.DID_CLOSE_RESP;
            if (!reseated) {
                long z = ZeekEndpointStates.update(c.getZeekStates(), fromOrig, flags, len, (tf & didCloseBit) != 0);
                c.setZeekStates((int) z);
                if ((z >>> 32) != 0) {
                    c.setTrackerFlags(c.getTrackerFlags() | didCloseBit);
                }
            }
            closed = rfcStates(c, p, f, fromOrig, vantage, events);
            if (v != null) {
                RfcStateMachine.apply(Vantages.vantagePair(v), f, ts);
                vantages.oneSided(c, v, vantage, p, fromOrig, events);
            }
        }
        if (ack && !rst && ackRel >= 0) {
            SequenceSpace.contentGap(c, q, ackRel);
        }

        s.bytes(s.sizeFromSequenceSpace());
        q.bytes(q.sizeFromSequenceSpace());
        if (s.hasBase()) {
            s.nextSeq(SeqMath.abs(s.seqBase(), s.maxRel()));
        }
        if (q.hasBase()) {
            q.nextSeq(SeqMath.abs(q.seqBase(), q.maxRel()));
        }
        c.setConnState(ZeekEndpointStates.connState(c.getZeekStates(), c.getOrigBytes(), c.getRespBytes(),
                c.getHistory()));
        int cut = s.historyCut + q.historyCut;
        if (cut > 0) {
            events.add(ConnectionEvent.of(Type.HISTORY_CUT, p, fromOrig, "history at " + ZeekHistory.MAX_LETTERS
                    + " letters", cut));
        }
        return closed;
    }

    private void handshakeEvents(ConnectionState c, HeaderObservation p, PacketFacts f, boolean fromOrig, int vantage,
                                 Long isnBefore, List<ConnectionEvent> events) {
        long ts = p.getTsMicros();
        long seq = p.getSeq() & SeqMath.MASK;
        if (!f.ack()) {
            if (!fromOrig) {
                return;
            }
            boolean retransmission = c.getOrigSynCount() > 0 && Objects.equals(isnBefore, seq);
            if (!retransmission) {
                if (c.getSynMicros() == 0 || ts < c.getSynMicros()) {
                    c.setSynMicros(ts);
                    c.setSynVantage(vantage);
                }
                c.setOrigSynCount(1);
                if (c.getSynAckMicros() > 0 && c.getSynToSynAckMicros() == null && c.getSynAckVantage() == vantage
                        && c.getSynAckMicros() >= ts) {
                    c.setSynToSynAckMicros(c.getSynAckMicros() - ts); // the SYN arrived after its SYN+ACK
                }
                events.add(ConnectionEvent.of(Type.SYN_SEEN, p, true, "SYN seq " + seq, seq));
            } else {
                c.setOrigSynCount(c.getOrigSynCount() + 1);
                events.add(ConnectionEvent.of(Type.SYN_RETRANSMITTED, p, true, "SYN seq " + seq + " sent "
                        + c.getOrigSynCount() + " times", c.getOrigSynCount()));
            }
            return;
        }
        if (fromOrig) {
            return;
        }
        if (f.synAckGood()) {
            if (c.getSynAckMicros() == 0) {
                c.setSynAckMicros(ts);
                c.setSynAckVantage(vantage);
                long rtt = -1;
                if (c.getSynMicros() > 0 && c.getSynVantage() == vantage && ts >= c.getSynMicros()) {
                    rtt = ts - c.getSynMicros();
                    c.setSynToSynAckMicros(rtt);
                }
                events.add(ConnectionEvent.of(Type.SYN_ACK_SEEN, p, false, "SYN+ACK seq " + seq + " ack " + p.getAck(), rtt));
            }
        } else {
            c.setBadSynAckAck(p.getAck() & SeqMath.MASK);
            long expected = (c.getOrigIsn() + 1) & SeqMath.MASK;
            events.add(ConnectionEvent.of(Type.SYN_ACK_BAD_ACK, p, false, "SYN+ACK ack " + p.getAck() + ", expected " + expected,
                    p.getAck()));
        }
    }

    /** RST events, decided on the states before the RST. */
    private static void rstEvents(ConnectionState c, Side s, HeaderObservation p, PacketFacts f,
                                  List<ConnectionEvent> events) {
        boolean fromOrig = f.fromOrig();
        TcpState os = c.getOrigState();
        TcpState rs = c.getRespState();
        if (f.rstAfterBadSynAck()) {
            events.add(ConnectionEvent.of(Type.RST_AFTER_BAD_SYN_ACK, p, true, "RST seq " + p.getSeq()
                    + " answering a SYN+ACK with ack " + c.getBadSynAckAck(), c.getBadSynAckAck()));
        } else if (!f.rstAcceptable()) {
            events.add(ConnectionEvent.of(Type.RST_OUT_OF_WINDOW, p, fromOrig, "RST seq " + p.getSeq()
                    + " outside the receiver's window", p.getSeq()));
        } else if (!fromOrig && os == TcpState.SYN_SENT && !RfcStateMachine.synchronizedOrLater(rs)) {
            StringBuilder usual = new StringBuilder();
            for (Integer ttl : s.ttls()) {
                usual.append(usual.length() == 0 ? "" : ",").append(ttl);
            }
            events.add(ConnectionEvent.of(Type.RST_ANSWERING_SYN, p, false, usual.toString(), p.getTtl()));
        } else if (RfcStateMachine.synchronizedOrLater(os) || RfcStateMachine.synchronizedOrLater(rs)) {
            events.add(ConnectionEvent.of(Type.RST_MIDSTREAM, p, fromOrig, "RST seq " + p.getSeq() + " in " + os + "/" + rs,
                    p.getTtl()));
        }
    }

    /** Combined RFC 9293 states; returns true when this packet closed the connection. */
    private static boolean rfcStates(ConnectionState c, HeaderObservation p, PacketFacts f, boolean fromOrig,
                                     int vantage, List<ConnectionEvent> events) {
        long ts = p.getTsMicros();
        int r = RfcStateMachine.apply(Vantages.combinedPair(c), f, ts);
        int tf = c.getTrackerFlags();
        if ((r & RfcStateMachine.BECAME_ESTABLISHED) != 0 && (tf & TrackerFlags.ESTABLISHED_REPORTED) == 0) {
            c.setTrackerFlags(tf |= TrackerFlags.ESTABLISHED_REPORTED);
            long rtt = -1;
            if (fromOrig && c.getSynAckMicros() > 0 && c.getSynAckVantage() == vantage && ts >= c.getSynAckMicros()) {
                rtt = ts - c.getSynAckMicros();
                c.setSynAckToAckMicros(rtt);
            }
            events.add(ConnectionEvent.of(Type.ESTABLISHED, p, fromOrig, "handshake completed", rtt));
        }
        if ((tf & TrackerFlags.FINALIZED) != 0) {
            return false;
        }
        if ((r & RfcStateMachine.RESET_CLOSED) != 0) {
            c.setTrackerFlags(tf | TrackerFlags.FINALIZED);
            return true;
        }
        if (c.getOrigFinRel() >= 0 && c.getRespFinRel() >= 0 && RfcStateMachine.finished(c.getOrigState())
                && RfcStateMachine.finished(c.getRespState())) {
            c.setTrackerFlags(tf | TrackerFlags.FINALIZED);
            events.add(ConnectionEvent.of(Type.CLOSED_NORMALLY, p, fromOrig, "both FINs acknowledged", 0));
            return true;
        }
        return false;
    }

    private static EndReason closeReason(ConnectionState c) {
        return c.getOrigFinRel() >= 0 && c.getRespFinRel() >= 0
                && !(ZeekEndpointStates.state(c.getZeekStates(), true) == ZeekEndpointStates.RESET
                || ZeekEndpointStates.state(c.getZeekStates(), false) == ZeekEndpointStates.RESET)
                ? EndReason.FIN : EndReason.RST;
    }

    // ------------------------------------------------------------------ vantages

    // ------------------------------------------------------------------ ICMP, creation, helpers

    private TrackerUpdate applyIcmp(ConnectionState prev, ConnectionKey key, HeaderObservation p, boolean srcIsLow,
                                    List<ConnectionEvent> events) {
        ConnectionState c = prev != null ? prev : instances.newInstance(key, p, srcIsLow, true);
        boolean fromOrig = srcIsLow == c.getOrigIsLow();
        long ts = p.getTsMicros();
        int vantage = vantages.vantageIndex(c, p.getProbeId(), ts);
        if (vantage != NOT_LISTED) {
            VantageStats v = c.getVantages().get(vantage);
            v.setFirstSeenMicros(Math.min(v.getFirstSeenMicros(), ts));
            v.setLastSeenMicros(Math.max(v.getLastSeenMicros(), ts));
        }
        c.setFirstSeenMicros(Math.min(c.getFirstSeenMicros(), ts));
        c.setLastSeenMicros(Math.max(c.getLastSeenMicros(), ts));
        IcmpError icmp = p.getIcmp();
        long value = icmp == null ? 0 : icmp.getType() * 256L + icmp.getCode();
        String reporter = icmp == null || icmp.getReporterAddr() == null ? ""
                : CanonicalKeys.addressText(icmp.getReporterAddr());
        events.add(ConnectionEvent.of(Type.ICMP_ERROR, p, fromOrig, reporter, value));
        if (icmp != null) {
            GiveUpInference.icmpError(c, fromOrig, icmp.getType(), icmp.getCode(), p.getSeq() & SeqMath.MASK, ts);
        }
        return new TrackerUpdate(c, null, null, events);
    }

    private static boolean sourceIsLow(ConnectionKey key, HeaderObservation p) {
        ByteBuffer src = p.getSrcAddr();
        ByteBuffer dst = p.getDstAddr();
        boolean srcLow = p.getSrcPort() == key.getLowPort() && src.equals(key.getLowAddr());
        boolean dstHigh = p.getDstPort() == key.getHighPort() && dst.equals(key.getHighAddr());
        if (srcLow && dstHigh) {
            return true;
        }
        if (p.getSrcPort() == key.getHighPort() && src.equals(key.getHighAddr())
                && p.getDstPort() == key.getLowPort() && dst.equals(key.getLowAddr())) {
            return false;
        }
        throw new ObservationMismatchException("packet " + p.getSrcPort() + " -> " + p.getDstPort()
                + " does not belong to connection " + CanonicalKeys.describe(key));
    }

}

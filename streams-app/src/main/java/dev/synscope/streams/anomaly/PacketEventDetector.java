package dev.synscope.streams.anomaly;

import dev.synscope.schema.AnomalyEvent;
import dev.synscope.schema.AnomalyType;
import dev.synscope.schema.ConnectionState;
import dev.synscope.schema.Evidence;
import dev.synscope.streams.config.Thresholds;
import dev.synscope.streams.state.ConnectionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what one packet did to a connection ({@link ConnectionEvent}s from the tracker) into the
 * anomalies a packet alone can prove: refusals, ICMP errors, sequence mismatches, mid-stream
 * resets, one-sided flows, retransmission storms and finished zero-window stalls. Timed conditions
 * (connect timeout, half-open, CLOSE_WAIT age, ongoing zero window) are the timeout sweep's.
 */
public final class PacketEventDetector {

    private final Thresholds thresholds;

    private final ResponderTtls responderTtls;

    public PacketEventDetector(Thresholds thresholds, ResponderTtls responderTtls) {
        this.thresholds = thresholds;
        this.responderTtls = responderTtls;
    }

    /** Anomalies newly raised by these events; marks them raised on {@code s}. */
    public List<AnomalyEvent> detect(ConnectionState s, List<ConnectionEvent> events) {
        List<AnomalyEvent> out = new ArrayList<>(0);
        for (ConnectionEvent e : events) {
            switch (e.type()) {
                case RST_ANSWERING_SYN -> refused(s, e, out);
                case ICMP_ERROR -> icmp(s, e, out);
                case SYN_ACK_BAD_ACK, RST_AFTER_BAD_SYN_ACK, RST_OUT_OF_WINDOW, ACK_OUT_OF_WINDOW ->
                        raise(s, AnomalyType.SEQUENCE_MISMATCH, e, sequenceEvidence(e), List.of(), out);
                case RST_MIDSTREAM -> raise(s, AnomalyType.RESET_MIDSTREAM, e,
                        side(e) + " sent RST on an established connection (ttl " + e.value() + ")"
                                + detailSuffix(e), List.of(), out);
                case ONE_SIDED -> raise(s, AnomalyType.ONE_SIDED_FLOW, e,
                        "established traffic only from the " + side(e) + ": " + e.value() + " packets one way"
                                + detailSuffix(e), List.of(), out);
                case RETRANSMISSION -> storm(s, e, out);
                case ZERO_WINDOW_END -> {
                    if (e.value() >= thresholds.zeroWindowStallMicros()) {
                        raiseAt(s, AnomalyType.ZERO_WINDOW_STALL, e.tsMicros() - e.value()
                                + thresholds.zeroWindowStallMicros(), e.probeId(), List.of(
                                AnomalyEvents.evidence(e.tsMicros() - e.value(), e.probeId(),
                                        side(e) + " advertised a zero window"),
                                AnomalyEvents.evidence(e.tsMicros(), e.probeId(), side(e) + " opened its window after "
                                        + e.value() / 1000 + " ms")), List.of(), out);
                    }
                }
                default -> {
                    // not an anomaly by itself
                }
            }
        }
        return out;
    }

    private void refused(ConnectionState s, ConnectionEvent e, List<AnomalyEvent> out) {
        List<String> tags = new ArrayList<>();
        // detail lists the TTLs the responder's earlier packets of this connection carried; a RST
        // answering the first SYN has none, so the host's usual TTL at this vantage stands in
        String usual = e.detail() == null ? "" : e.detail().trim();
        String source = "this connection's";
        if (usual.isEmpty()) {
            Integer hostTtl = responderTtls.usual(e.probeId(), s.getRespAddr());
            if (hostTtl != null) {
                usual = hostTtl.toString();
                source = "the host's other";
            }
        }
        String ttlNote = "";
        if (!usual.isEmpty()) {
            ttlNote = ", " + source + " SYN+ACKs/packets carried ttl " + usual;
            if (!java.util.Arrays.asList(usual.split(",")).contains(Long.toString(e.value()))) {
                tags.add(AnomalyCatalog.TAG_MIDDLEBOX_SUSPECTED);
                ttlNote += ": the RST probably comes from a middlebox";
            }
        }
        List<Evidence> evidence = List.of(
                AnomalyEvents.evidence(s.getFirstSeenMicros(), null, "SYN " + s.getOrigAddr() + ":" + s.getOrigPort()
                        + " > " + s.getRespAddr() + ":" + s.getRespPort() + " seq " + s.getOrigIsn()),
                AnomalyEvents.evidence(e.tsMicros(), e.probeId(), "RST from " + side(e) + " answering the SYN, ttl "
                        + e.value() + ttlNote));
        raiseAt(s, AnomalyType.CONNECTION_REFUSED, e.tsMicros(), e.probeId(), evidence, tags, out);
    }

    private void icmp(ConnectionState s, ConnectionEvent e, List<AnomalyEvent> out) {
        int type = (int) (e.value() >> 8);
        int code = (int) (e.value() & 0xff);
        AnomalyType anomaly = IcmpErrors.classify(s.getIpVersion(), type, code);
        if (anomaly == AnomalyType.OTHER) {
            return;
        }
        raise(s, anomaly, e, IcmpErrors.describe(s.getIpVersion(), type, code) + " from " + e.detail()
                + " quoting a segment " + (e.fromOriginator() ? "from the originator" : "from the responder"),
                e.fromOriginator() ? List.of() : List.of(AnomalyCatalog.TAG_REVERSE_PATH), out);
    }

    private void storm(ConnectionState s, ConnectionEvent e, List<AnomalyEvent> out) {
        long retransmits = e.fromOriginator() ? s.getOrigRetransmits() : s.getRespRetransmits();
        long packets = e.fromOriginator() ? s.getOrigPackets() : s.getRespPackets();
        if (retransmits < thresholds.retransmissionStormCount() || packets == 0
                || (double) retransmits / packets < thresholds.retransmissionStormRatio()) {
            return;
        }
        raise(s, AnomalyType.RETRANSMISSION_STORM, e, side(e) + " retransmitted " + retransmits + " of " + packets
                + " segments", List.of(), out);
    }

    private static String sequenceEvidence(ConnectionEvent e) {
        return switch (e.type()) {
            case SYN_ACK_BAD_ACK -> "SYN+ACK acks " + e.value() + ", expected " + e.detail();
            case RST_AFTER_BAD_SYN_ACK -> "originator RST answering a SYN+ACK that acked " + e.value();
            case RST_OUT_OF_WINDOW -> side(e) + " RST seq " + e.value() + " outside the receive window";
            default -> side(e) + " ACK " + e.value() + " acknowledges data never sent";
        } + detailSuffix(e);
    }

    private static void raise(ConnectionState s, AnomalyType type, ConnectionEvent e, String description,
                              List<String> tags, List<AnomalyEvent> out) {
        raiseAt(s, type, e.tsMicros(), e.probeId(),
                List.of(AnomalyEvents.evidence(e.tsMicros(), e.probeId(), description)), tags, out);
    }

    private static void raiseAt(ConnectionState s, AnomalyType type, long ts, String probeId, List<Evidence> evidence,
                                List<String> tags, List<AnomalyEvent> out) {
        if (RaisedAnomalies.mark(s, type)) {
            out.add(AnomalyEvents.forConnection(type, s, ts, probeId, evidence, tags));
        }
    }

    private static String side(ConnectionEvent e) {
        return e.fromOriginator() ? "originator" : "responder";
    }

    private static String detailSuffix(ConnectionEvent e) {
        return e.detail() == null || e.detail().isBlank() || e.type() == ConnectionEvent.Type.SYN_ACK_BAD_ACK
                ? "" : " [" + e.detail() + "]";
    }
}

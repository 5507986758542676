package dev.synscope.streams.state;

import dev.synscope.schema.HeaderObservation;

/**
 * One notable thing a single packet did to a connection, as found by {@link ConnectionTracker}.
 * The topology turns these into anomalies, endpoint aggregates and timers; the tracker itself
 * raises no anomaly.
 *
 * @param type           what happened
 * @param tsMicros       capture time of the packet that caused it
 * @param probeId        probe (vantage point) that saw that packet
 * @param fromOriginator true when the packet was sent by the originator
 * @param detail         free text evidence (tcpdump-like); for some types a documented value (see {@link Type})
 * @param value          a number whose meaning depends on the type (see {@link Type}); 0 when unused
 */
public record ConnectionEvent(Type type, long tsMicros, String probeId, boolean fromOriginator, String detail,
                              long value) {

    static ConnectionEvent of(Type type, HeaderObservation p, boolean fromOrig, String detail, long value) {
        return new ConnectionEvent(type, p.getTsMicros(), p.getProbeId(), fromOrig, detail, value);
    }

    /** Event kinds. {@code value}/{@code detail} meanings are given where they are not plain evidence. */
    public enum Type {
        /** First SYN of an instance (or a SYN with a new ISN that re-based an unanswered attempt). value = ISN. */
        SYN_SEEN,
        /** A SYN with the same ISN again. value = number of SYNs with that ISN so far (2 for the first retransmission). */
        SYN_RETRANSMITTED,
        /**
         * First SYN+ACK acking the originator's ISN+1 (or any first SYN+ACK when no SYN was seen). value = SYN to
         * SYN+ACK micros measured at one probe, or -1 when no SYN was seen by the probe that saw the SYN+ACK.
         */
        SYN_ACK_SEEN,
        /** SYN+ACK whose ack is not the originator's ISN+1. value = the ack number; detail has the expected one. */
        SYN_ACK_BAD_ACK,
        /**
         * Both endpoints reached ESTABLISHED from the handshake (final ACK, or data proving it); not raised for
         * a mid-stream pick-up. value = SYN+ACK to ACK micros at one probe, or -1.
         */
        ESTABLISHED,
        /**
         * Acceptable RST (or RST+ACK) from the responder answering a SYN: connection refused. value = the RST's
         * TTL/hop limit; detail = the responder's TTLs seen earlier in this connection, comma separated, "" when
         * none (compare with the endpoint's usual TTL to suspect a middlebox).
         */
        RST_ANSWERING_SYN,
        /** Originator RST answering a SYN+ACK whose ack was wrong: sequence mismatch. value = the bad ack. */
        RST_AFTER_BAD_SYN_ACK,
        /** Acceptable RST once data could flow (ESTABLISHED or later). value = TTL of the RST. */
        RST_MIDSTREAM,
        /** RST whose seq is outside the receiver's window (RFC 5961): ignored for state. value = the RST's seq. */
        RST_OUT_OF_WINDOW,
        /** ACK acknowledging data never sent (beyond the peer's next seq). value = the ack number. */
        ACK_OUT_OF_WINDOW,
        /**
         * A segment further beyond the sender's highest sequence than {@link TrackerConfig#ackAheadLimitBytes()}:
         * not counted until a second segment confirms the jump. value = its seq.
         */
        SEQ_OUT_OF_WINDOW,
        /** ICMP error quoting a segment of this connection. value = type*256+code; detail = reporter address. */
        ICMP_ERROR,
        /** First FIN from a side. value = the FIN's seq. */
        FIN_SEEN,
        /** Both FINs sent and acknowledged; {@link TrackerUpdate#finalized()} is the connection, reason FIN. */
        CLOSED_NORMALLY,
        /** Payload whose sequence range was already seen. value = retransmissions so far in that direction. */
        RETRANSMISSION,
        /** Payload ahead of the next expected seq (a hole before it). value = the gap in bytes. */
        OUT_OF_ORDER,
        /** A side started advertising a zero window. value = episodes so far in that direction. */
        ZERO_WINDOW_START,
        /** A side opened its window again after a zero window. value = episode length in micros. */
        ZERO_WINDOW_END,
        /**
         * A SYN with a new ISN ended the previous instance ({@link TrackerUpdate#finalized()}, reason
         * TUPLE_REUSE); this event belongs to the new instance. value = the new ISN; detail names the old uid.
         */
        TUPLE_REUSED,
        /**
         * A vantage saw {@link TrackerConfig#oneSidedMinPackets()} ACK-bearing packets one way and none back
         * (asymmetric routing); raised once per probe. value = packets seen one way.
         */
        ONE_SIDED,
        /** An inconsistent packet (FIN+RST, SYN+FIN, SYN+RST, or no flag at all). value = flags; detail = tcpdump notation. */
        INCONSISTENT_FLAGS,
        /** A new instance whose first packet was no SYN: roles guessed. value = the port taken as the responder's. */
        MIDSTREAM_PICKUP,
        /** The packet's history letters were not recorded: the history is at its cap. value = letters cut. */
        HISTORY_CUT
    }
}

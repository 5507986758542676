package dev.synscope.streams.state;

/**
 * Bits of ConnectionState.trackerFlags: one-shot facts the tracker must remember about an instance. Bits 8
 * and up are not the tracker's: {@code endpoint.AgedConditions} keeps its marks there.
 */
final class TrackerFlags {

    /** Zeek's did_close for the originator: it sent a FIN or RST that Zeek's state machine closed on. */
    static final int DID_CLOSE_ORIG = 1;
    /** Zeek's did_close for the responder. */
    static final int DID_CLOSE_RESP = 1 << 1;
    /** The instance was reported closed (TrackerUpdate.finalized) once; never again. */
    static final int FINALIZED = 1 << 2;
    /** Created from a SYN+ACK ('^' recorded); a late SYN may re-seat it. */
    static final int FLIPPED_FROM_SYN_ACK = 1 << 3;
    /** ESTABLISHED was reported. */
    static final int ESTABLISHED_REPORTED = 1 << 4;
    /** The originator gave up its handshake (GiveUpInference): its CLOSED is inferred, not seen. */
    static final int GAVE_UP_ORIG = 1 << 5;
    /** The responder gave up its half-open handshake (GiveUpInference). */
    static final int GAVE_UP_RESP = 1 << 6;

    private TrackerFlags() {
    }
}

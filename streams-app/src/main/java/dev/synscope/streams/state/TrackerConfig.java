package dev.synscope.streams.state;

/**
 * Knobs of the pure per-connection TCP logic ({@link ConnectionTracker}). Timeouts that expire a
 * connection belong to the topology, not here.
 *
 * @param outOfOrderGraceMicros  a packet older than the connection's latest packet by at most this much is
 *                               applied normally (late delivery from another partition or probe); older ones
 *                               are counted (packets, bytes, vantage) but move no state, history or event
 * @param reuseAfterIdleMicros   a SYN with a new ISN on a tuple whose instance is not finished still starts a new
 *                               instance when the old one was idle this long (Zeek's 5 min TCP inactivity)
 * @param maxTtlsPerDirection    bound on the distinct TTL/hop-limit list kept per direction
 * @param maxVantages            bound on the per-probe list ({@code vantages}, at most 15); further probes are
 *                               counted in the combined counters but not listed
 * @param dedupRingSize          number of recent packet fingerprints kept to drop a packet seen twice
 * @param guessRoles             when no SYN was seen, guess the responder by port (well-known, else lower port);
 *                               when false the first packet's sender is taken as originator
 * @param crossProbeWindowMicros two probes' sightings of the same packet (same fingerprint) are merged when
 *                               their capture times differ by at most this much (clock skew + path delay)
 * @param ackAheadLimitBytes     an ACK acknowledging more than this beyond the highest sequence seen from the
 *                               peer is not trusted for byte counts (guard against ISN changes, user-asks #3);
 *                               it raises ACK_OUT_OF_WINDOW. A segment jumping more than this ahead counts only
 *                               once a second segment confirms the jump (SEQ_OUT_OF_WINDOW meanwhile)
 * @param oneSidedMinPackets     a vantage that saw this many ACK-bearing packets one way and none back
 *                               raises ONE_SIDED
 */
public record TrackerConfig(
        long outOfOrderGraceMicros,
        long reuseAfterIdleMicros,
        int maxTtlsPerDirection,
        int maxVantages,
        int dedupRingSize,
        boolean guessRoles,
        long crossProbeWindowMicros,
        long ackAheadLimitBytes,
        int oneSidedMinPackets) {

    /** Largest vantage count: a vantage index is stored in 4 bits, 15 meaning "not listed". */
    public static final int MAX_LISTED_VANTAGES = 15;

    /**
     * 2 s of reordering grace, 5 min idleness before reuse, 4 TTLs, 8 vantages, 8 fingerprints, roles
     * guessed, 500 ms cross-probe window (below Linux's 1 s initial RTO), 16 MiB ack-ahead limit, 8 packets for one-sided.
     */
    public static TrackerConfig defaults() {
        return new TrackerConfig(2_000_000L, 300_000_000L, 4, 8, 8, true, 500_000L, 16L << 20, 8);
    }

    /** The first API's constructor; the later knobs take their defaults. */
    public TrackerConfig(long outOfOrderGraceMicros, long reuseAfterIdleMicros, int maxTtlsPerDirection,
                         int maxVantages, int dedupRingSize, boolean guessRoles) {
        this(outOfOrderGraceMicros, reuseAfterIdleMicros, maxTtlsPerDirection, maxVantages, dedupRingSize,
                guessRoles, 500_000L, 16L << 20, 8);
    }

    public TrackerConfig {
        if (outOfOrderGraceMicros < 0 || reuseAfterIdleMicros < 0 || crossProbeWindowMicros < 0) {
            throw new IllegalArgumentException("durations must be >= 0");
        }
        if (maxTtlsPerDirection < 1 || dedupRingSize < 1 || oneSidedMinPackets < 1 || ackAheadLimitBytes < 1) {
            throw new IllegalArgumentException("bounds must be >= 1");
        }
        if (maxVantages < 1 || maxVantages > MAX_LISTED_VANTAGES) {
            throw new IllegalArgumentException("maxVantages must be 1.." + MAX_LISTED_VANTAGES + ", not " + maxVantages);
        }
        if (crossProbeWindowMicros >= (1L << 27)) {
            throw new IllegalArgumentException("crossProbeWindowMicros must be < 134 s");
        }
    }
}

package dev.synscope.probe.decode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-{@link SkipReason} counters plus the decoded count, without allocation on the hot path
 * (a {@code long[]} indexed by ordinal). Two kinds of reasons: frame-skipping ones
 * ({@link #snapshot()}) and annotations of decoded frames ({@link #annotationSnapshot()}).
 *
 * <p>Not thread-safe: one instance belongs to one decoder on one capture thread. Readers on other
 * threads should take a {@link #snapshot()} on the capture thread (or accept slightly stale values:
 * longs are written plainly; on 64-bit JVMs reads are not torn in practice but not guaranteed).
 */
public final class DecodeCounters {

    private final long[] skipped = new long[SkipReason.all().length];
    private long decoded;

    /** Counts one skipped frame (or, for an annotation reason, one decoded-but-flawed frame). */
    public void skip(SkipReason reason) {
        skipped[reason.ordinal()]++;
    }

    /** Counts one decoded observation. */
    public void decoded() {
        decoded++;
    }

    public long decodedCount() {
        return decoded;
    }

    public long skipped(SkipReason reason) {
        return skipped[reason.ordinal()];
    }

    /**
     * Total frames skipped (not decoded). Reasons that only annotate a decoded frame
     * ({@link SkipReason#skipsFrame()} false) are not included, so
     * {@code decodedCount() + skippedTotal()} equals the frames handed to the decoder.
     */
    public long skippedTotal() {
        long total = 0;
        for (SkipReason r : SkipReason.all()) {
            if (r.skipsFrame()) {
                total += skipped[r.ordinal()];
            }
        }
        return total;
    }

    /** Zeroes every counter. */
    public void reset() {
        java.util.Arrays.fill(skipped, 0L);
        decoded = 0;
    }

    /**
     * Frames skipped, by stable reason name: non-zero counters of the frame-skipping reasons, in enum
     * order. {@code decodedCount() + sum(snapshot().values())} equals the frames handed to the
     * decoder (ProbeStats.packetsSkipped relies on this). Allocates: call per stats interval, not per
     * packet.
     */
    public Map<String, Long> snapshot() {
        return collect(true);
    }

    /**
     * Decoded frames that had a flaw, by reason name ({@code bad_tcp_option},
     * {@code truncated_tcp_options}): these frames are also counted in {@link #decodedCount()}.
     */
    public Map<String, Long> annotationSnapshot() {
        return collect(false);
    }

    private Map<String, Long> collect(boolean skipping) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (SkipReason r : SkipReason.all()) {
            long n = skipped[r.ordinal()];
            if (n != 0 && r.skipsFrame() == skipping) {
                out.put(r.reason(), n);
            }
        }
        return out;
    }

    /** Adds another counter set into this one (e.g. to aggregate decoders). */
    public void addAll(DecodeCounters other) {
        for (int i = 0; i < skipped.length; i++) {
            skipped[i] += other.skipped[i];
        }
        decoded += other.decoded;
    }
}

package dev.synscope.streams.state;

/**
 * 32-bit TCP sequence arithmetic (RFC 9293 section 3.4 compares sequence numbers modulo 2^32).
 * The tracker keeps every position as a 64-bit offset from a per-direction base (the ISN), so that
 * wrap-around never turns into a negative or a 4 GB jump: a new 32-bit value is placed at the
 * signed 32-bit distance from a known reference position.
 */
final class SeqMath {

    static final long MASK = 0xFFFF_FFFFL;

    /** Zeek's TOO_LARGE_SEQ_DELTA: SYN/RST sequence jumps beyond this are not trusted. */
    static final long TOO_LARGE_SEQ_DELTA = 1_048_576L;

    private SeqMath() {
    }

    /** Absolute 32-bit value of the position {@code rel} bytes after {@code base}. */
    static long abs(long base, long rel) {
        return (base + rel) & MASK;
    }

    /**
     * Relative position of the 32-bit value {@code value}, placed within +/- 2^31 of the known
     * relative position {@code refRel} (both relative to {@code base}).
     */
    static long unwrap(long value, long base, long refRel) {
        long refAbs = abs(base, refRel);
        int delta = (int) ((value - refAbs) & MASK);
        return refRel + delta;
    }

    /** Signed distance a - b in sequence space. */
    static int delta(long a, long b) {
        return (int) ((a - b) & MASK);
    }
}

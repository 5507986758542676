package dev.synscope.streams.topology;

import dev.synscope.schema.CanonicalKeys;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.streams.config.Thresholds;
import java.nio.ByteBuffer;

/**
 * Says why a decoded header record is impossible, or null when it is usable. Only the facts the
 * tracker relies on are checked: a key that matches the packet, addresses of the right length,
 * ports in 0-65535, 32-bit sequence numbers, and a capture time near the partition's stream time.
 *
 * <p>Port 0 is reserved, not impossible: scanners and broken stacks send it and Zeek logs it
 * (its test trace {@code rotation.pcap} has one). A capture time of 0 is what a file records when
 * its writer had no clock (eight of Zeek's test traces); a file's records are kept whatever their
 * time, a live probe's time 0 is a broken clock and refused.
 */
public final class HeaderValidation {

    private static final long MAX_U32 = 0xFFFF_FFFFL;

    /** A skew this large means file analysis ({@link Thresholds#forFileAnalysis()}): any capture time is kept. */
    private static final long ANY_TIME_MICROS = Thresholds.ANY_CLOCK_SKEW.toNanos() / 1_000;

    private HeaderValidation() {
    }

    /**
     * @param streamTimeMillis the task's stream time (negative when unknown)
     * @param wallMillis       the wall clock, to reject capture times in the future
     * @param maxSkewMicros    how far a capture time may be from the stream time
     * @param maxAheadMicros   how far a capture time may be ahead of the wall clock
     */
    public static String problem(ConnectionKey key, HeaderObservation h, long streamTimeMillis, long wallMillis,
                                 long maxSkewMicros, long maxAheadMicros) {
        long ts = h.getTsMicros();
        if (ts < 0 || (ts == 0 && maxSkewMicros < ANY_TIME_MICROS)) {
            return "impossible: capture time " + ts + " is not after 1970";
        }
        if (ts - maxAheadMicros > wallMillis * 1_000L) {
            return "impossible: capture time " + ts + " us is more than " + maxAheadMicros / 1_000_000
                    + " s ahead of the wall clock " + wallMillis * 1_000L + " us (the probe's clock runs ahead)";
        }
        if (streamTimeMillis >= 0 && Math.abs(ts - streamTimeMillis * 1_000L) > maxSkewMicros) {
            return "impossible: capture time " + ts + " us is more than " + maxSkewMicros / 1_000_000
                    + " s from the stream time " + streamTimeMillis * 1_000L + " us";
        }
        if (h.getKind() == ObservationKind.HEARTBEAT || h.getKind() == ObservationKind.END_OF_CAPTURE) {
            return null;
        }
        int addressLength = switch (h.getIpVersion()) {
            case 4 -> 4;
            case 6 -> 16;
            default -> -1;
        };
        if (addressLength < 0) {
            return "impossible: ip version " + h.getIpVersion();
        }
        if (h.getSrcAddr().remaining() != addressLength || h.getDstAddr().remaining() != addressLength) {
            return "impossible: IPv" + h.getIpVersion() + " address of " + h.getSrcAddr().remaining() + "/"
                    + h.getDstAddr().remaining() + " bytes, expected " + addressLength;
        }
        if (h.getSrcPort() < 0 || h.getSrcPort() > 65535 || h.getDstPort() < 0 || h.getDstPort() > 65535) {
            return "impossible: port " + h.getSrcPort() + " -> " + h.getDstPort() + " outside 0-65535";
        }
        if (h.getSeq() < 0 || h.getSeq() > MAX_U32 || h.getAck() < 0 || h.getAck() > MAX_U32) {
            return "impossible: seq/ack outside 32 bits";
        }
        if (h.getPayloadLength() < 0 || h.getIpLength() < 0) {
            return "impossible: negative length";
        }
        if (h.getKind() == ObservationKind.ICMP_ERROR && h.getIcmp() == null) {
            return "impossible: ICMP_ERROR without its ICMP type/code";
        }
        if (h.getIcmp() != null && h.getIcmp().getReporterAddr() != null) {
            int reporter = h.getIcmp().getReporterAddr().remaining();
            if (reporter != 4 && reporter != 16) {
                return "impossible: ICMP reporter address of " + reporter + " bytes, expected 4 or 16";
            }
        }
        if (key == null) {
            return "impossible: no ConnectionKey for a " + h.getKind() + " record";
        }
        if (!matches(key, h)) {
            return "impossible: key " + safeDescribe(key) + " is not the packet's tuple "
                    + CanonicalKeys.describe(CanonicalKeys.of(h));
        }
        return null;
    }

    /** The key's tuple is the packet's, in canonical order (compared in place: no key is built per packet). */
    private static boolean matches(ConnectionKey key, HeaderObservation h) {
        if (key.getIpVersion() != h.getIpVersion()) {
            return false;
        }
        ByteBuffer src = h.getSrcAddr();
        ByteBuffer dst = h.getDstAddr();
        int unsigned = compareUnsigned(src, dst);
        boolean srcLow = unsigned < 0 || (unsigned == 0 && h.getSrcPort() <= h.getDstPort());
        return key.getLowPort() == (srcLow ? h.getSrcPort() : h.getDstPort())
                && key.getHighPort() == (srcLow ? h.getDstPort() : h.getSrcPort())
                && same(key.getLowAddr(), srcLow ? src : dst)
                && same(key.getHighAddr(), srcLow ? dst : src);
    }

    private static int compareUnsigned(ByteBuffer a, ByteBuffer b) {
        int n = Math.min(a.remaining(), b.remaining());
        for (int i = 0; i < n; i++) {
            int x = a.get(a.position() + i) & 0xff;
            int y = b.get(b.position() + i) & 0xff;
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        return Integer.compare(a.remaining(), b.remaining());
    }

    private static boolean same(ByteBuffer a, ByteBuffer b) {
        return a.duplicate().equals(b.duplicate());
    }

    private static String safeDescribe(ConnectionKey key) {
        try {
            return CanonicalKeys.describe(key);
        } catch (RuntimeException e) {
            return "(malformed key)";
        }
    }
}
